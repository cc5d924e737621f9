import { describe, expect, it } from 'vitest';
import { type DriftDecision, type DriftFacts, decideDrift, type ForeignChange } from './decide-drift.js';

const T = Date.parse('2026-03-02T09:00:00.000Z');
const S = 1000;
const TOLERANCE = 60 * S;

function facts(overrides: Partial<DriftFacts>): DriftFacts {
  return {
    observedAt: T,
    jobOpen: false,
    lastWrite: null,
    lastApplied: null,
    seen: null,
    audit: null,
    toleranceMs: TOLERANCE,
    ...overrides,
  };
}

/** A password job queued 2 s before it ended at `endedAt`. */
function w(endedAt: number): DriftFacts['lastWrite'] {
  return { queuedAt: endedAt - 2 * S, endedAt };
}

const admin: ForeignChange = {
  at: T + 20 * S + 250,
  activity: 'Reset password (by admin)',
  actor: 'it.admin@contoso.example',
  actorKind: 'user',
};

/** What the caller stores after a decision: the next sweep's `seen`. */
function remember(decision: DriftDecision, before: DriftFacts['seen']): DriftFacts['seen'] {
  if (decision.kind === 'accept')
    return { changeAt: decision.changeAt, writeAt: decision.writeAt, recordAt: before?.recordAt ?? null };
  if (decision.kind === 'drift')
    return {
      changeAt: decision.changeAt,
      writeAt: decision.writeAt,
      recordAt: decision.recordAt ?? before?.recordAt ?? null,
    };
  return before;
}

describe('decideDrift()', () => {
  it('does not decide while a password job of the user is queued or running', () => {
    expect(decideDrift(facts({ jobOpen: true, observedAt: T + 3600 * S, lastWrite: w(T) }))).toEqual({
      kind: 'wait',
    });
  });

  it('takes a first look at a user the portal never wrote as what Microsoft 365 has, not as drift', () => {
    expect(decideDrift(facts({}))).toMatchObject({ kind: 'accept', why: 'first-look', changeAt: T });
  });

  it('reports a change made after a first look at a user the portal never wrote', () => {
    const seen = { changeAt: T, writeAt: null, recordAt: null };
    expect(decideDrift(facts({ seen, observedAt: T + 5 * S }))).toMatchObject({
      kind: 'drift',
      evidence: 'timestamp',
      changeAt: T + 5 * S,
      change: null,
    });
  });

  it("accepts the portal's own write, reported in whole seconds, landing in the same second as the sweep", () => {
    // Graph says 09:00:00Z; the portal's job ended at 09:00:00.800 (its clock), as the sweep read it.
    const decision = decideDrift(facts({ observedAt: T, lastWrite: w(T + 800) }));
    expect(decision).toEqual({ kind: 'accept', why: 'own-write', changeAt: T, writeAt: T + 800 });
  });

  it("accepts the portal's own write when Microsoft's clock runs ahead, within the tolerance", () => {
    expect(decideDrift(facts({ observedAt: T + 45 * S, lastWrite: w(T) }))).toMatchObject({
      kind: 'accept',
      why: 'own-write',
    });
    expect(
      decideDrift(facts({ observedAt: T + 45 * S, lastWrite: w(T), toleranceMs: 10 * S })),
    ).toMatchObject({
      kind: 'drift',
      evidence: 'timestamp',
    });
  });

  it("lets the audit log's own-app record settle skew beyond the tolerance", () => {
    const audit = { ownLatestAt: T + 90 * S + 400, foreign: null };
    expect(
      decideDrift(facts({ observedAt: T + 90 * S, lastWrite: w(T), toleranceMs: 10 * S, audit })),
    ).toMatchObject({
      kind: 'accept',
      why: 'own-app',
    });
  });

  it('reports a change after the first look at a written user, when it came later than the write', () => {
    expect(decideDrift(facts({ observedAt: T + 3600 * S, lastWrite: w(T) }))).toMatchObject({
      kind: 'drift',
      evidence: 'timestamp',
      changeAt: T + 3600 * S,
      writeAt: T,
    });
  });

  it("reports a second change close after the portal's write once that write was matched", () => {
    // The last sweep matched our write (L = T) to W; now L moved 20 s on with no newer write: not ours.
    const seen = { changeAt: T, writeAt: T + 300, recordAt: null };
    expect(decideDrift(facts({ seen, observedAt: T + 20 * S, lastWrite: w(T + 300) }))).toMatchObject({
      kind: 'drift',
      evidence: 'timestamp',
    });
  });

  it('says who and how when the audit log has the record, even in the same second as our write', () => {
    const seen = { changeAt: T + 20 * S, writeAt: T + 20 * S + 100, recordAt: null };
    // Our write at .100 and an admin's reset at .250 of the same second: Graph shows the same L for both.
    const audit = { ownLatestAt: T + 20 * S + 100, foreign: admin };
    const decision = decideDrift(
      facts({ seen, observedAt: T + 20 * S, lastWrite: w(T + 20 * S + 100), audit }),
    );
    expect(decision).toEqual({
      kind: 'drift',
      evidence: 'audit',
      changeAt: T + 20 * S,
      writeAt: T + 20 * S + 100,
      change: admin,
      recordAt: admin.at,
    });
  });

  it("ignores a change the portal's own write overwrote since", () => {
    const audit = { ownLatestAt: T + 40 * S, foreign: admin };
    expect(
      decideDrift(facts({ observedAt: T + 40 * S, lastWrite: w(T + 40 * S + 500), audit })),
    ).toMatchObject({
      kind: 'accept',
    });
    // Our record not (yet) in the log: the write's own time, with the tolerance, says the same.
    const late = { ownLatestAt: null, foreign: admin };
    expect(
      decideDrift(facts({ observedAt: T + 40 * S, lastWrite: w(T + 40 * S + 500), audit: late })),
    ).toMatchObject({
      kind: 'accept',
      why: 'own-write',
    });
  });

  it('reports a drift once: the next sweep with the same facts finds nothing new', () => {
    const first = facts({
      observedAt: T + 20 * S,
      lastWrite: w(T - 3600 * S),
      audit: { ownLatestAt: null, foreign: admin },
    });
    const decision = decideDrift(first);
    expect(decision).toMatchObject({ kind: 'drift', evidence: 'audit' });
    const again = { ...first, seen: remember(decision, first.seen) };
    expect(decideDrift(again)).toEqual({ kind: 'unchanged' });
    // …and by lastPasswordChangeDateTime alone (no audit log) as well.
    const plain = facts({ observedAt: T + 20 * S, lastWrite: w(T - 3600 * S) });
    const byTime = decideDrift(plain);
    expect(byTime).toMatchObject({ kind: 'drift', evidence: 'timestamp' });
    expect(decideDrift({ ...plain, seen: remember(byTime, null) })).toEqual({ kind: 'unchanged' });
  });

  it('does not count, after a first look, a record of the change that first look already took in', () => {
    const seen = { changeAt: T + 20 * S, writeAt: null, recordAt: null };
    const audit = { ownLatestAt: null, foreign: admin };
    expect(decideDrift(facts({ seen, observedAt: T + 20 * S, audit }))).toEqual({ kind: 'unchanged' });
  });

  it('reports a change made before a password job that Microsoft refused (it changed nothing)', () => {
    // An admin reset at T; the person's portal change was queued at T + 30 min and refused by Microsoft.
    const seen = { changeAt: T - 3600 * S, writeAt: T - 3600 * S + 500, recordAt: null };
    const refused = { queuedAt: T + 1800 * S, endedAt: T + 1800 * S + 700 };
    expect(decideDrift(facts({ seen, observedAt: T, lastWrite: refused }))).toMatchObject({
      kind: 'drift',
      evidence: 'timestamp',
      changeAt: T,
    });
    // A job that waited (throttled) and then applied overwrote any change made while it waited.
    const waited = { queuedAt: T - 600 * S, endedAt: T + 1800 * S };
    expect(decideDrift(facts({ seen, observedAt: T + 1800 * S, lastWrite: waited }))).toMatchObject({
      kind: 'accept',
      why: 'own-write',
    });
  });

  it('accepts its own applied write when a later job of the person was refused by Microsoft (it changed nothing)', () => {
    // First look at T - 1 h; the person's change applied at T + 10 min; a banned one refused at T + 20 min.
    const seen = { changeAt: T - 3600 * S, writeAt: null, recordAt: null };
    const applied = { queuedAt: T + 600 * S, endedAt: T + 600 * S + 700 };
    const refused = { queuedAt: T + 1200 * S, endedAt: T + 1200 * S + 700 };
    const decision = decideDrift(
      facts({ seen, observedAt: T + 600 * S + 300, lastWrite: refused, lastApplied: applied }),
    );
    expect(decision).toMatchObject({ kind: 'accept', why: 'own-write' });
    // A change made between the two, by someone else, is still drift.
    expect(
      decideDrift(facts({ seen, observedAt: T + 900 * S, lastWrite: refused, lastApplied: applied })),
    ).toMatchObject({ kind: 'drift', evidence: 'timestamp' });
  });

  it('says nothing when Graph gives no time at all', () => {
    expect(decideDrift(facts({ observedAt: null, lastWrite: w(T) }))).toEqual({ kind: 'unchanged' });
  });
});
