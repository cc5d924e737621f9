import type { AuditEvent } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

export interface AuditQuery {
  /** Only events for this e-mail address. */
  username?: string;
  /** Only events at or after this time. */
  since?: Date;
}

/** Yields audit events oldest first, in pages, so a large log streams without loading it whole. */
export async function* readAudit(db: Kysely<Database>, query: AuditQuery = {}): AsyncGenerator<AuditEvent> {
  let after = 0;
  for (;;) {
    let q = db.selectFrom('audit_events').select(['seq', 'body']).where('seq', '>', after);
    if (query.username !== undefined) q = q.where('username', '=', query.username.toLowerCase());
    if (query.since !== undefined) q = q.where('timestamp', '>=', query.since.toISOString());
    const rows = await q.orderBy('seq').limit(500).execute();
    for (const row of rows) yield JSON.parse(row.body) as AuditEvent;
    const last = rows.at(-1);
    if (last === undefined || rows.length < 500) return;
    after = last.seq;
  }
}
