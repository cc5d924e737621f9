/**
 * Whether a user's password changed in Microsoft 365 behind the portal's back: the decision alone, no
 * I/O, so every case below has a test (decide-drift.test.ts).
 *
 * A change is drift when Microsoft 365 shows a password change after the portal's last successful
 * write for that user, and the portal's own app did not make it. Three clocks meet here, and the
 * reasoning rests on which times come from which:
 *
 * - `lastPasswordChangeDateTime` (L) is Microsoft's clock, and Graph gives it in whole seconds: a
 *   change and the portal's own write can fall in the same second and show the same L. Every
 *   comparison with L is made on whole seconds.
 * - The portal's last write is the portal's clock: the job that sent the password was queued at Q
 *   and ended at W (Microsoft had answered), so on one clock Q ≤ L ≤ W. Microsoft's clock and ours may
 *   differ by up to `toleranceMs`: Q − tolerance ≤ L ≤ W + tolerance is taken as the portal's own
 *   write. The lower bound matters: a job Microsoft refused changed nothing, and an earlier change by
 *   someone else must not pass for it.
 * - Audit records are Microsoft's clock again, to the millisecond: an audit record compared with
 *   another needs no tolerance, and `initiatedBy.app.appId` says outright whether it was the portal.
 *
 * So that the portal's own writes are never reported:
 * 1. A user with a password job queued or running is not decided at all (`wait`): the write may have
 *    landed in Microsoft 365 and not yet in the portal's database, or may land just after the sweep
 *    read the user. The caller decides from facts read AFTER the user's Graph page, in one statement,
 *    so "no job open" and W are seen together: a write that finished between the two reads shows as W.
 * 2. What the sweep accepted is remembered (`seen.changeAt`, with the W it was judged against): the
 *    same L is never judged twice, and a write of ours is matched to L once. A later L with no newer
 *    portal write cannot be ours, however close in time.
 * 3. Tolerance covers skew between the clocks; the audit log, when readable, settles the cases the
 *    tolerance cannot: a record by the portal's own app at or after L is ours; a record by anyone else
 *    after our latest record is drift, even in the same second as our write.
 * A drift reported is remembered (`seen.changeAt`, `seen.recordAt`), so it is not reported again.
 */

/** What the audit log says of one user since the last read (Microsoft's clock, ms). */
export interface AuditTrace {
  /** The latest password record initiated by the portal's own app, if any. */
  ownLatestAt: number | null;
  /** The latest password record initiated by anyone else, if any. */
  foreign: ForeignChange | null;
}

export interface ForeignChange {
  at: number;
  activity: string;
  /** Who: a user principal name, or an app's name and id. */
  actor: string;
  actorKind: 'user' | 'app';
}

export interface DriftFacts {
  /** lastPasswordChangeDateTime as Graph gave it (ms), null if Graph gave none. */
  observedAt: number | null;
  /** A set_password job of the user is queued or running. */
  jobOpen: boolean;
  /** The portal's last password job for the user that was sent (portal clock), null: never. */
  lastWrite: { queuedAt: number; endedAt: number } | null;
  /** The portal's last password job Microsoft 365 applied (done), null: none. Its window counts too: a
   * later job that Microsoft refused changed nothing, so Microsoft 365's last change may be this one. */
  lastApplied: { queuedAt: number; endedAt: number } | null;
  /** What the last sweep accepted for the user; null when it was never looked at. */
  seen: { changeAt: number | null; writeAt: number | null; recordAt: number | null } | null;
  /** The audit log for the user; null when it could not be read (no AuditLog.Read.All, or it failed). */
  audit: AuditTrace | null;
  toleranceMs: number;
}

export type DriftDecision =
  | { kind: 'wait' }
  | { kind: 'unchanged' }
  | { kind: 'accept'; why: 'first-look' | 'own-write' | 'own-app'; changeAt: number; writeAt: number | null }
  | {
      kind: 'drift';
      changeAt: number;
      writeAt: number | null;
      /** audit: a record names who and how; timestamp: lastPasswordChangeDateTime alone. */
      evidence: 'audit' | 'timestamp';
      change: ForeignChange | null;
      recordAt: number | null;
    };

function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** A record by someone else that nobody has accounted for yet and that came after the portal's writes. */
function newForeignChange(facts: DriftFacts): ForeignChange | null {
  const foreign = facts.audit?.foreign ?? null;
  if (foreign === null) return null;
  const { seen, toleranceMs } = facts;
  const lastWriteAt = facts.lastWrite?.endedAt ?? null;
  const ownAt = facts.audit?.ownLatestAt ?? null;
  if (seen?.recordAt != null && foreign.at <= seen.recordAt) return null;
  if (ownAt !== null) {
    // Same clock, to the millisecond: after our latest write, or it was overwritten by ours.
    if (foreign.at <= ownAt) return null;
  } else {
    // No record of ours in what was read: compare across clocks, giving our write the benefit of skew.
    if (lastWriteAt !== null && foreign.at <= lastWriteAt + toleranceMs) return null;
    // And not a change already judged (a first look accepts what was there before it).
    if (seen?.changeAt != null && wholeSecond(foreign.at) <= seen.changeAt) return null;
  }
  return foreign;
}

export function decideDrift(facts: DriftFacts): DriftDecision {
  if (facts.jobOpen) return { kind: 'wait' };
  if (facts.observedAt === null) return { kind: 'unchanged' };
  const changeAt = wholeSecond(facts.observedAt);
  const { seen, lastWrite, toleranceMs } = facts;
  const writeAt = lastWrite?.endedAt ?? null;
  const seenAt = seen?.changeAt ?? null;
  const foreign = newForeignChange(facts);
  if (foreign !== null) {
    return {
      kind: 'drift',
      changeAt: Math.max(changeAt, seenAt ?? changeAt),
      writeAt,
      evidence: 'audit',
      change: foreign,
      recordAt: foreign.at,
    };
  }
  if (seenAt !== null && changeAt <= seenAt) return { kind: 'unchanged' };
  const ownAt = facts.audit?.ownLatestAt ?? null;
  // Our app's own record at or after the change: ours, whatever the clocks say.
  if (ownAt !== null && wholeSecond(ownAt) >= changeAt)
    return { kind: 'accept', why: 'own-app', changeAt, writeAt };
  if (lastWrite === null) {
    // Never written by the portal: the first look only learns what Microsoft 365 has (Microsoft's password
    // is not yet the portal's); a change after that look was made by someone else.
    if (seenAt === null) return { kind: 'accept', why: 'first-look', changeAt, writeAt };
    return { kind: 'drift', changeAt, writeAt, evidence: 'timestamp', change: null, recordAt: null };
  }
  // A write not yet judged by a sweep, during which the change was made: ours.
  const madeBy = (write: { queuedAt: number; endedAt: number } | null): boolean =>
    write !== null &&
    (seen?.writeAt == null || write.endedAt > seen.writeAt) &&
    changeAt >= wholeSecond(write.queuedAt) - toleranceMs &&
    changeAt <= write.endedAt + toleranceMs;
  if (madeBy(lastWrite) || madeBy(facts.lastApplied))
    return { kind: 'accept', why: 'own-write', changeAt, writeAt };
  return { kind: 'drift', changeAt, writeAt, evidence: 'timestamp', change: null, recordAt: null };
}
