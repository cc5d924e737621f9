import type { AuditEvent } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { auditInitiator } from '../../store/audit-initiator.js';
import type { Database } from '../../store/database-schema.js';
import { dialectOf } from '../../store/dialect-of.js';
import type { AuditFilters } from './audit-filters.js';

export const AUDIT_PAGE_SIZE = 200;

export interface AuditRow {
  seq: number;
  event: AuditEvent;
}

/** The filtered audit log, newest first, `limit` rows before `filters.before` (a seq: keyset, never OFFSET). */
export async function searchAudit(
  db: Kysely<Database>,
  filters: AuditFilters,
  limit: number,
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_events').select(['seq', 'body']);
  if (filters.user !== undefined) query = query.where('username', '=', filters.user);
  if (filters.type !== undefined) query = query.where('event_type', '=', filters.type);
  if (filters.from !== undefined) query = query.where('timestamp', '>=', filters.from.toISOString());
  if (filters.to !== undefined) query = query.where('timestamp', '<', filters.to.toISOString());
  if (filters.initiator !== undefined)
    query = query.where(auditInitiator(dialectOf(db)), '=', filters.initiator);
  if (filters.before !== undefined) query = query.where('seq', '<', filters.before);
  const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((row) => ({ seq: Number(row.seq), event: JSON.parse(row.body) as AuditEvent }));
}

/** Every row the filters match, newest first, in pages: an export streams without holding the log in memory. */
export async function* streamAudit(db: Kysely<Database>, filters: AuditFilters): AsyncGenerator<AuditEvent> {
  let before = filters.before;
  for (;;) {
    const rows = await searchAudit(db, { ...filters, ...(before === undefined ? {} : { before }) }, 1000);
    for (const row of rows) yield row.event;
    const last = rows.at(-1);
    if (last === undefined || rows.length < 1000) return;
    before = last.seq;
  }
}
