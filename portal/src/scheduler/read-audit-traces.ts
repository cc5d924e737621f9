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

/** What the audit log says, per user id (lower-case): looked up with `traceOf`. */
export interface AuditTraces {
  /** Latest record by the portal's own app, per user: a number, not an object, for the many. */
  own: Map<string, number>;
  /** Latest record by anyone else, per user: few users have one. */
  foreign: Map<string, ForeignChange & { service: string | null }>;
}

export type AuditRead = { kind: 'read'; traces: AuditTraces } | { kind: 'denied' };

/** The user's trace, or null when the log has nothing on them. */
export function traceOf(traces: AuditTraces, userId: string): AuditTrace | null {
  const id = userId.toLowerCase();
  const ownLatestAt = traces.own.get(id) ?? null;
  const foreign = traces.foreign.get(id) ?? null;
  return ownLatestAt === null && foreign === null ? null : { ownLatestAt, foreign };
}

/**
 * Names in the audit log are chosen by whoever registered an app or a user: they reach log lines, mails
 * and a terminal (`users show`), so control characters (line breaks, escape sequences) become spaces.
 */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 256);
}

function actorOf(record: M365DirectoryAudit): { actor: string; actorKind: 'user' | 'app' } {
  const { app, user } = record.initiatedBy;
  if (app?.appId)
    return { actor: printable(`${app.displayName ?? 'an app'} (app ${app.appId})`), actorKind: 'app' };
  return { actor: printable(user?.userPrincipalName ?? user?.id ?? 'unknown'), actorKind: 'user' };
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
  const ownApp = ownAppId.toLowerCase();
  const traces: AuditTraces = { own: new Map(), foreign: new Map() };
  try {
    for await (const record of client.listDirectoryAudits(
      { since, activities: PASSWORD_AUDIT_ACTIVITIES },
      callOptions,
    )) {
      if (record.result !== 'success' || NOT_A_CHANGE.has(record.activityDisplayName)) continue;
      const at = Date.parse(record.activityDateTime);
      if (Number.isNaN(at)) continue;
      const ours = record.initiatedBy.app?.appId?.toLowerCase() === ownApp;
      for (const target of record.targetUsers) {
        const id = target.id.toLowerCase();
        if (ours) {
          traces.own.set(id, Math.max(traces.own.get(id) ?? at, at));
          continue;
        }
        const known = traces.foreign.get(id);
        if (known === undefined || at > known.at || (at === known.at && saysMore(record, known)))
          traces.foreign.set(id, {
            at,
            activity: printable(record.activityDisplayName),
            ...actorOf(record),
            service: record.loggedByService,
          });
      }
    }
  } catch (error) {
    if (error instanceof M365Error && error.code === 'AUDIT_LOG_DENIED') return { kind: 'denied' };
    throw error;
  }
  return { kind: 'read', traces };
}
