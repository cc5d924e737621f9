import type { AuditEvent, AuditEventType } from '@passgate/core/events';
import type { TestPortal } from './start-portal.js';

/** The person's latest audit event of `type`, as the portal stored it. */
export async function latestAudit(t: TestPortal, email: string, type: AuditEventType): Promise<AuditEvent> {
  const row = await t.portal.store.db
    .selectFrom('audit_events')
    .select('body')
    .where('event_type', '=', type)
    .where('username', '=', email)
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  return JSON.parse(row.body) as AuditEvent;
}
