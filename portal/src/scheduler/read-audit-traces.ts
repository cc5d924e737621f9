import {
  type CallOptions,
  type M365Client,
  type M365DirectoryAudit,
  M365Error,
  PASSWORD_AUDIT_ACTIVITIES,
} from '@passgate/core/graph';
import type { AuditTrace, ForeignChange } from './decide-drift.js';

/**
 * "Set force change user password" flags a change to come (Microsoft asks for a new password at the next
 * sign-in); the change itself logs its own activity. It is read, as the issue lists it, but it is no
 * evidence of a changed password on its own.
 */
const NOT_A_CHANGE = new Set(['Set force change user password']);

export type AuditRead = { kind: 'read'; traces: Map<string, AuditTrace> } | { kind: 'denied' };

function actorOf(record: M365DirectoryAudit): { actor: string; actorKind: 'user' | 'app' } {
  const { app, user } = record.initiatedBy;
  if (app?.appId) return { actor: `${app.displayName ?? 'an app'} (app ${app.appId})`, actorKind: 'app' };
  return { actor: user?.userPrincipalName ?? user?.id ?? 'unknown', actorKind: 'user' };
}

/** Of two records of one change (the admin center logs two), the one that says more: not Core Directory's. */
function saysMore(candidate: M365DirectoryAudit, than: ForeignChange & { service: string | null }): boolean {
  return than.service === 'Core Directory' && candidate.loggedByService !== 'Core Directory';
}

/**
 * Reads the tenant's password activities since `since` and keeps, per user id, only the latest record
 * by the portal's own app and the latest by anyone else: a few numbers per user who had a password
 * event, however long the log. `{kind: 'denied'}` when the app may not read the log (AUDIT_LOG_DENIED);
 * any other failure throws.
 */
export async function readAuditTraces(
  client: M365Client,
  ownAppId: string,
  since: Date,
  callOptions?: CallOptions,
): Promise<AuditRead> {
  const own = ownAppId.toLowerCase();
  const traces = new Map<
    string,
    AuditTrace & { foreign: (ForeignChange & { service: string | null }) | null }
  >();
  try {
    for await (const record of client.listDirectoryAudits(
      { since, activities: PASSWORD_AUDIT_ACTIVITIES },
      callOptions,
    )) {
      if (record.result !== 'success' || NOT_A_CHANGE.has(record.activityDisplayName)) continue;
      const at = Date.parse(record.activityDateTime);
      if (Number.isNaN(at)) continue;
      const ours = record.initiatedBy.app?.appId?.toLowerCase() === own;
      for (const target of record.targetUsers) {
        const id = target.id.toLowerCase();
        const trace = traces.get(id) ?? { ownLatestAt: null, foreign: null };
        if (ours) {
          trace.ownLatestAt = Math.max(trace.ownLatestAt ?? at, at);
        } else if (
          trace.foreign === null ||
          at > trace.foreign.at ||
          (at === trace.foreign.at && saysMore(record, trace.foreign))
        ) {
          trace.foreign = {
            at,
            activity: record.activityDisplayName,
            ...actorOf(record),
            service: record.loggedByService,
          };
        }
        traces.set(id, trace);
      }
    }
  } catch (error) {
    if (error instanceof M365Error && error.code === 'AUDIT_LOG_DENIED') return { kind: 'denied' };
    throw error;
  }
  return { kind: 'read', traces };
}
