import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptTotpStep,
  addProvenKind,
  addUser,
  appendOutboxJob,
  claimJobs,
  claimMail,
  clearFailures,
  consumeRecoveryCodeHash,
  countFlowFailure,
  lockCredential,
  lockedUntil,
  openStore,
  recordAudit,
  releaseHeldMail,
  reopenFlow,
  replaceEmailCode,
  replaceFlowCode,
  reserveAttempt,
  type Store,
  settleFailure,
  spendChallenge,
  spendFlow,
  takeFromWindows,
  takeLease,
  tryEmailCode,
  tryFlowCode,
  withdrawHeldMail,
} from '@passgate/portal';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDialect, testDialects } from '../support/test-database.js';

// The store port's contract: what every database the portal runs on must guarantee, shown with requests
// racing each other. On PostgreSQL: two portal instances (two stores, two pools) on ONE database. On
// SQLite one store plays both: better-sqlite3 is synchronous, so two connections in one thread would
// wait on each other's lock forever; across processes SQLite's single writer does what one connection's
// queue does here (portal-crash and the soak test run real processes).

interface Pair {
  a: Store;
  b: Store;
  close(): Promise<void>;
}

async function openPair(dialect: TestDialect, label: string): Promise<Pair> {
  if (dialect === 'postgres') {
    const url = await createPostgresDatabase(label);
    const a = await openStore(url, { poolSize: 8 });
    const b = await openStore(url, { poolSize: 8 });
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'passgate-contract-'));
  const a = await openStore(join(dir, 'db.sqlite'));
  return {
    a,
    b: a,
    close: async () => {
      await a.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe.each(testDialects())('the store port on %s', (dialect) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await openPair(dialect, 'contract');
  });
  afterAll(() => pair.close());

  it('counts every attempt of parallel requests from two instances, and lets exactly max through', async () => {
    const window = { max: 25, windowSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        takeFromWindows(i % 2 ? pair.a.db : pair.b.db, [{ key: 'addr:race', window }], 1_000),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(25);
    // The window ends on time, and then opens again.
    expect(await takeFromWindows(pair.a.db, [{ key: 'addr:race', window }], 61_000)).toBe(true);
  });

  it('evaluates at most maxAttempts of many parallel password checks, and locks once', async () => {
    const rule = { maxAttempts: 5, durationSeconds: 300, resetCounterMinutes: 15 };
    const key = 'lock:x@y.z';
    const reserved = await Promise.all(
      Array.from({ length: 12 }, (_, i) => reserveAttempt(i % 2 ? pair.a.db : pair.b.db, key, rule, 2_000)),
    );
    expect(reserved.filter(Boolean)).toHaveLength(5);
    const locked = await Promise.all(
      Array.from({ length: 5 }, (_, i) => settleFailure(i % 2 ? pair.a.db : pair.b.db, key, rule, 2_000)),
    );
    expect(locked.filter(Boolean)).toHaveLength(1);
    const until = await lockedUntil(pair.a.db, key, 2_001);
    expect(until).toBe(2_000 + 300_000);
    expect(typeof until).toBe('number');
    expect(await reserveAttempt(pair.b.db, key, rule, 3_000)).toBe(false);
    expect(await clearFailures(pair.a.db, key, 3_000)).toBeNull();
    expect(await lockedUntil(pair.b.db, key, 3_000)).toBe(until);
    expect(await clearFailures(pair.a.db, key, 302_000)).toBe(until);
    expect(await lockedUntil(pair.a.db, key, 302_000)).toBeNull();
  });

  it('accepts one proof of work once, however many requests on two instances send it together', async () => {
    const signature = randomBytes(32).toString('hex');
    const spent = await Promise.all(
      Array.from({ length: 12 }, (_, i) => spendChallenge(i % 2 ? pair.a.db : pair.b.db, signature, 9_000)),
    );
    expect(spent.filter(Boolean)).toHaveLength(1);
    expect(await spendChallenge(pair.b.db, signature, 9_000)).toBe(false);
  });

  it('gives a lease to one instance at a time', async () => {
    const taken = await Promise.all([
      takeLease(pair.a.db, 'sweep', 'a', 10, 1_000),
      takeLease(pair.b.db, 'sweep', 'b', 10, 1_000),
    ]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    const holder = taken[0] ? 'a' : 'b';
    const other = holder === 'a' ? pair.b : pair.a;
    expect(await takeLease(other.db, 'sweep', holder === 'a' ? 'b' : 'a', 500, 1_000)).toBe(false);
    expect(await takeLease(other.db, 'sweep', holder === 'a' ? 'b' : 'a', 1_011, 1_000)).toBe(true);
  });

  it('appends jobs in per-user order and claims each job once, oldest first, across instances', async () => {
    const users = await Promise.all(
      ['ann', 'bob', 'cy'].map((name) =>
        addUser(pair.a.db, { email: `${name}@claims.example`, password: null }, new Date(0)),
      ),
    );
    // Three jobs per user, appended from both instances in parallel.
    await Promise.all(
      users.flatMap((userId, u) =>
        [0, 1, 2].map((n) =>
          (n % 2 ? pair.a : pair.b).db.transaction().execute(async (trx) => {
            await lockCredential(trx, userId);
            await appendOutboxJob(
              trx,
              {
                id: `job-${u}-${n}-${randomBytes(3).toString('hex')}`,
                user_id: userId,
                kind: 'set_account_enabled',
                tenant: 't',
                upn: `u${u}@claims.example`,
                payload: null,
                correlation_id: 'c',
                enable_account: n % 2,
                revoke_sessions: 0,
              },
              100,
            );
          }),
        ),
      ),
    );
    const seqs = await pair.a.db
      .selectFrom('outbox_jobs')
      .select(['user_id', 'seq'])
      .where('user_id', 'in', users)
      .orderBy('user_id')
      .orderBy('seq')
      .execute();
    for (const userId of users)
      expect(seqs.filter((r) => r.user_id === userId).map((r) => r.seq)).toEqual([1, 2, 3]);

    // Both instances claim at once, round after round, and finish what they claimed.
    const applied = new Map<string, number[]>();
    for (let round = 0; round < 6; round += 1) {
      const claimed = (
        await Promise.all(
          [pair.a, pair.b].map((store) =>
            claimJobs(store.db, { now: 1_000 + round, leaseMs: 60_000, limit: 10 }),
          ),
        )
      ).flat();
      const perUser = claimed.map((job) => job.user_id);
      expect(new Set(perUser).size).toBe(perUser.length);
      for (const job of claimed) {
        applied.set(job.user_id, [...(applied.get(job.user_id) ?? []), job.seq]);
        await pair.b.db.updateTable('outbox_jobs').set({ status: 'done' }).where('id', '=', job.id).execute();
      }
    }
    for (const userId of users) expect(applied.get(userId)).toEqual([1, 2, 3]);
  });

  it('claims each mail for one instance only', async () => {
    const now = 5_000;
    await pair.a.db
      .insertInto('mail_queue')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          id: `mail-${i}`,
          user_id: null,
          kind: 'reset' as const,
          to_address: `m${i}@mail.example`,
          payload: new Uint8Array([1, 2, 3]),
          status: 'queued' as const,
          attempts: 0,
          next_attempt_at: now,
          lease_until: null,
          last_error: null,
          created_at: now,
          sent_at: null,
        })),
      )
      .execute();
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        claimMail((i % 2 ? pair.a : pair.b).db, { now, leaseMs: 60_000, limit: 7, withRequests: false }),
      ),
    );
    const ids = claims.flat().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
    expect(claims.flat().every((m) => m.attempts === 1 && m.payload !== null)).toBe(true);
  });

  it('keeps times as numbers and refuses to edit or delete the audit log', async () => {
    await recordAudit(pair.a.db, {
      type: 'user_unlocked',
      user: { id: null, email: 'audit@contract.example' },
      at: new Date(1_700_000_000_000),
      success: true,
      correlationId: 'c',
    });
    const row = await pair.b.db
      .selectFrom('users')
      .select(['created_at'])
      .where('email', '=', 'ann@claims.example')
      .executeTakeFirstOrThrow();
    expect(row.created_at).toBe(0);
    const count = await pair.b.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('username', '=', 'audit@contract.example')
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    await expect(sql`UPDATE audit_events SET success = 0`.execute(pair.a.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(pair.b.db)).rejects.toThrow(/append-only/);
  });

  it('accepts an authenticator step, spends a recovery code, and counts a mailed code try once across instances', async () => {
    const userId = await addUser(
      pair.a.db,
      { email: 'factors@contract.example', password: null },
      new Date(0),
    );
    await pair.a.db
      .insertInto('recovery_methods')
      .values({
        id: 'app-1',
        user_id: userId,
        kind: 'totp',
        label: 'Authenticator app',
        created_at: 0,
        confirmed_at: 0,
        last_used_at: null,
        email: null,
        totp_secret: Buffer.from('sealed'),
        totp_last_step: 100,
        credential_id: null,
        public_key: null,
        sign_count: null,
        transports: null,
      })
      .execute();
    const either = (i: number) => (i % 2 ? pair.a.db : pair.b.db);
    const steps = await Promise.all(
      Array.from({ length: 10 }, (_, i) => acceptTotpStep(either(i), 'app-1', 101, 5)),
    );
    expect(steps.filter(Boolean)).toHaveLength(1);
    expect(await acceptTotpStep(pair.a.db, 'app-1', 100, 6)).toBe(false);

    await pair.a.db
      .insertInto('recovery_codes')
      .values({ id: 'code-1', user_id: userId, code_hash: 'h1', created_at: 0, used_at: null })
      .execute();
    const spent = await Promise.all(
      Array.from({ length: 10 }, (_, i) => consumeRecoveryCodeHash(either(i), userId, 'h1', 7)),
    );
    expect(spent.filter(Boolean)).toHaveLength(1);

    await replaceEmailCode(
      pair.a.db,
      { userId, purpose: 'reset', target: 'me@home.example', codeHash: 'right', expiresAt: 600_000 },
      0,
    );
    const tries = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        tryEmailCode(either(i), { userId, purpose: 'reset' }, 'wrong', 5, 1_000),
      ),
    );
    expect(tries.filter((t) => t.status === 'wrong')).toHaveLength(5);
    // Its tries used up, the right code is worth nothing now.
    expect(await tryEmailCode(pair.a.db, { userId, purpose: 'reset' }, 'right', 5, 1_000)).toEqual({
      status: 'none',
    });
    const row = await pair.b.db.selectFrom('email_codes').select('tries').executeTakeFirstOrThrow();
    expect(row.tries).toBe(5);
  });

  it('keeps a reset flow right under racing requests: kinds proven, code tries, sends, and one spend', async () => {
    const either = (i: number) => (i % 2 ? pair.a.db : pair.b.db);
    const userId = await addUser(pair.a.db, { email: 'flow@contract.example', password: null }, new Date(0));
    await pair.a.db
      .insertInto('reset_flows')
      .values({
        token_hash: 'flow-1',
        email: 'flow@contract.example',
        user_id: userId,
        credential_version: 0,
        needed: 2,
        code_hash: null,
        code_target: null,
        code_expires_at: null,
        code_used_at: null,
        created_at: 0,
        expires_at: 1_200_000,
        used_at: null,
      })
      .execute();
    // Two kinds proven at once both land; the same kind again is there once.
    const proofs = await Promise.all(
      ['totp', 'personal_email', 'totp', 'personal_email'].map((kind, i) =>
        addProvenKind(either(i), 'flow-1', kind, 1_000),
      ),
    );
    expect(proofs.every((proven) => proven !== null)).toBe(true);
    expect((await addProvenKind(pair.a.db, 'flow-1', 'totp', 1_000))?.sort()).toEqual([
      'personal_email',
      'totp',
    ]);
    // At most maxSends codes, whoever asks.
    const sends = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        replaceFlowCode(
          either(i),
          'flow-1',
          { codeHash: `c${i}`, target: null, expiresAt: 600_000 },
          3,
          1_000,
        ),
      ),
    );
    expect(sends.filter(Boolean)).toHaveLength(3);
    await pair.a.db
      .updateTable('reset_flows')
      .set({ code_hash: 'right' })
      .where('token_hash', '=', 'flow-1')
      .execute();
    const tries = await Promise.all(
      Array.from({ length: 12 }, (_, i) => tryFlowCode(either(i), 'flow-1', 'wrong', 5, 2_000)),
    );
    expect(tries.filter((t) => t.status === 'wrong')).toHaveLength(5);
    expect(await tryFlowCode(pair.a.db, 'flow-1', 'right', 5, 2_000)).toEqual({ status: 'none' });
    const failures = await Promise.all(
      Array.from({ length: 6 }, (_, i) => countFlowFailure(either(i), 'flow-1', 2_000)),
    );
    expect(failures.map(Number).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    // Complete (two kinds for two needed): spent by exactly one of many, given back, spent again.
    const spends = await Promise.all(
      Array.from({ length: 8 }, (_, i) => spendFlow(either(i), 'flow-1', 3_000)),
    );
    expect(spends.filter(Boolean)).toHaveLength(1);
    // Given back after Microsoft 365 refused its password: that password's one step of the credential
    // version moves the flow with it; with nothing accepted, or more than that one, it stays spent.
    const advance = () =>
      pair.a.db
        .updateTable('users')
        .set((eb) => ({ credential_version: eb('credential_version', '+', 1) }))
        .where('id', '=', userId)
        .execute();
    expect(await reopenFlow(pair.b.db, 'flow-1')).toBe(false);
    await advance();
    const reopened = await Promise.all([reopenFlow(pair.a.db, 'flow-1'), reopenFlow(pair.b.db, 'flow-1')]);
    expect(reopened.filter(Boolean)).toHaveLength(1);
    expect(await spendFlow(pair.a.db, 'flow-1', 3_000)).toBe(true);
    await advance();
    await advance();
    expect(await reopenFlow(pair.b.db, 'flow-1')).toBe(false);
    // Spent, it proves nothing more.
    expect(await addProvenKind(pair.a.db, 'flow-1', 'recovery_codes', 3_000)).toBeNull();
    expect(await countFlowFailure(pair.a.db, 'flow-1', 3_000)).toBeNull();
  });

  it('releases held mails only while no sender has claimed them, and withdraws any not yet sent', async () => {
    const held = (id: string) => ({
      id,
      user_id: null,
      kind: 'security_notice' as const,
      to_address: `${id}@contract.example`,
      payload: Buffer.from('sealed'),
      status: 'queued' as const,
      attempts: 0,
      next_attempt_at: 10_000,
      lease_until: null,
      last_error: null,
      created_at: 0,
      sent_at: null,
    });
    await pair.a.db
      .insertInto('mail_queue')
      .values([held('held-1'), held('held-2'), held('held-3')])
      .execute();
    // A sender claims held-3 (its hold ended for it) before the outcome is known.
    await pair.a.db
      .updateTable('mail_queue')
      .set({ status: 'sending', attempts: 1 })
      .where('id', '=', 'held-3')
      .execute();
    expect(await releaseHeldMail(pair.b.db, ['held-1', 'held-3'], 1_000)).toBe(1);
    const released = await pair.a.db
      .selectFrom('mail_queue')
      .select('next_attempt_at')
      .where('id', '=', 'held-1')
      .executeTakeFirstOrThrow();
    expect(Number(released.next_attempt_at)).toBe(1_000);
    const withdrawn = await Promise.all([
      withdrawHeldMail(pair.a.db, ['held-2', 'held-3']),
      withdrawHeldMail(pair.b.db, ['held-2', 'held-3']),
    ]);
    // held-2 never tried; held-3 being sent: withdrawn too (a failed delivery would queue it again), but
    // it may have reached its reader, so only held-2 counts as withdrawn unseen. Each goes once.
    expect(withdrawn.flat()).toEqual(['held-2']);
    const left = await pair.a.db
      .selectFrom('mail_queue')
      .select('id')
      .where('id', 'like', 'held-%')
      .orderBy('id')
      .execute();
    expect(left.map((row) => row.id)).toEqual(['held-1']);
  });
});
