import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/parse-config.js';
import { SECOND_FACTOR_LOCKOUT, secondFactorLockKey } from '../recovery/second-factor-lock.js';
import { DAY_LOCK_PREFIX, TOTP_CEILING } from '../reset/reset-limits.js';
import { openStore, type Store } from '../store/open-store.js';
import { appendOutboxJob } from '../store/port/append-outbox-job.js';
import { reserveAttempt, settleFailure, takeFromWindow } from '../store/port/counters.js';
import { replacePasskeyChallenge } from '../store/port/passkeys.js';
import { spendChallenge } from '../store/port/spend-challenge.js';
import { FINISHED_WORK_KEPT_DAYS, pruneStaleRows } from './prune-stale-rows.js';

const HOUR = 3_600_000;
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

const config = parseConfig(
  {
    publicUrl: 'https://p.example.com',
    secretKey: randomBytes(32).toString('hex'),
    policy: { lockout: { maxAttempts: 2, durationSeconds: 900, resetCounterMinutes: 30 } },
  },
  {},
);

async function keys(): Promise<string[]> {
  return (await store.db.selectFrom('counters').select('key').orderBy('key').execute()).map((r) => r.key);
}

describe('pruneStaleRows()', () => {
  it('deletes rate-limit rows once their longest window has passed, and keeps every lock', async () => {
    const t0 = 1_000_000_000_000;
    // One address per request for days would otherwise leave a row each, forever.
    for (let i = 0; i < 50; i += 1)
      await takeFromWindow(store.db, `addr:198.51.100.${i}`, config.rateLimits.perAddress, t0);
    await takeFromWindow(store.db, 'acct:recent@example.org', config.rateLimits.perAccount, t0 + 2 * HOUR);
    const rule = config.policy.lockout;
    if (rule === null) throw new Error('the test config has a lockout rule');
    for (const _ of [1, 2]) {
      await reserveAttempt(store.db, 'lock:locked@example.org', rule, t0);
      await settleFailure(store.db, 'lock:locked@example.org', rule, t0);
    }
    // The longest window configured is the reset limit's hour.
    expect(await pruneStaleRows(store.db, config, t0 + HOUR - 1)).toBe(0);
    expect(await pruneStaleRows(store.db, config, t0 + HOUR + 1)).toBe(50);
    expect(await keys()).toEqual(['acct:recent@example.org', 'lock:locked@example.org']);
  });

  // Pruned after the rate limits' hour, a guesser pausing an hour would find /reset's daily ceiling empty.
  it("keeps /reset's day-long authenticator counts a day after their last attempt", async () => {
    const t0 = 1_000_000_000_000;
    for (const key of [`${DAY_LOCK_PREFIX}all:ann@example.org`, 'reset-lock:ann@example.org#192.0.2.1'])
      await reserveAttempt(store.db, key, TOTP_CEILING, t0);
    expect(await pruneStaleRows(store.db, config, t0 + 2 * HOUR)).toBe(1);
    expect(await keys()).toEqual([`${DAY_LOCK_PREFIX}all:ann@example.org`]);
    expect(await pruneStaleRows(store.db, config, t0 + 24 * HOUR + 1)).toBe(1);
    expect(await keys()).toEqual([]);
  });

  // Consecutive failures: a guesser holding the password who pauses an hour must not start from nothing.
  it("keeps security info's wrong second factors in a row however long the pause", async () => {
    const t0 = 1_000_000_000_000;
    for (let i = 0; i < 19; i += 1) {
      await reserveAttempt(store.db, secondFactorLockKey('ann@example.org'), SECOND_FACTOR_LOCKOUT, t0);
      await settleFailure(store.db, secondFactorLockKey('ann@example.org'), SECOND_FACTOR_LOCKOUT, t0);
    }
    expect(await pruneStaleRows(store.db, config, t0 + 30 * 24 * HOUR)).toBe(0);
    expect(await keys()).toEqual([secondFactorLockKey('ann@example.org')]);
  });

  it('deletes expired portal sessions and links a day after they stopped working', async () => {
    const now = 2_000_000_000_000;
    await store.db
      .insertInto('users')
      .values({
        id: 'u1',
        email: 'a@example.org',
        display_name: null,
        password_hash: 'x',
        status: 'active',
        password_changed_at: 0,
        user_changed_at: null,
        created_at: 0,
        last_synced_at: null,
        last_sync_error: null,
      })
      .execute();
    const session = (token_hash: string, expires_at: number) => ({
      token_hash,
      user_id: 'u1',
      purpose: 'set_password' as const,
      credential_version: 0,
      expires_at,
      created_at: 0,
    });
    await store.db
      .insertInto('portal_sessions')
      .values([session('old', now - 1), session('live', now + 60_000)])
      .execute();
    const link = (token_hash: string, fields: { expires_at: number; used_at?: number }) => ({
      token_hash,
      user_id: 'u1',
      purpose: 'reset' as const,
      created_at: 0,
      used_at: fields.used_at ?? null,
      invalidated_at: null,
      ...fields,
    });
    await store.db
      .insertInto('link_tokens')
      .values([
        link('expired-long-ago', { expires_at: now - 25 * HOUR }),
        link('used-long-ago', { expires_at: now + HOUR, used_at: now - 25 * HOUR }),
        link('expired-recently', { expires_at: now - HOUR }),
        link('open', { expires_at: now + HOUR }),
      ])
      .execute();
    expect(await pruneStaleRows(store.db, config, now)).toBe(3);
    const left = await store.db
      .selectFrom('link_tokens')
      .select('token_hash')
      .orderBy('token_hash')
      .execute();
    expect(left.map((r) => r.token_hash)).toEqual(['expired-recently', 'open']);
    expect(await store.db.selectFrom('portal_sessions').select('token_hash').execute()).toEqual([
      { token_hash: 'live' },
    ]);
  });

  it('forgets a spent proof of work once its challenge has expired, and not before', async () => {
    const now = 3_000_000_000_000;
    expect(await spendChallenge(store.db, 'aa'.repeat(32), now)).toBe(true);
    expect(await spendChallenge(store.db, 'bb'.repeat(32), now + 1)).toBe(true);
    expect(await pruneStaleRows(store.db, config, now)).toBe(1);
    // Still remembered while its challenge could be sent: a second use is refused.
    expect(await spendChallenge(store.db, 'bb'.repeat(32), now + 1)).toBe(false);
  });

  it('keeps the failures counted toward a proof of work for as long as they are counted', async () => {
    const t0 = 1_000_000_000_000;
    const bots = { ...config.bots, failureWindowSeconds: 4 * 3600 };
    await takeFromWindow(store.db, 'fail-addr:198.51.100.7', { max: 99, windowSeconds: 4 * 3600 }, t0);
    expect(await pruneStaleRows(store.db, { ...config, bots }, t0 + 2 * HOUR)).toBe(0);
    expect(await pruneStaleRows(store.db, { ...config, bots }, t0 + 4 * HOUR + 1)).toBe(1);
  });

  it('deletes mailed codes and unconfirmed authenticator setups a day after they stopped working', async () => {
    const now = 2_000_000_000_000;
    const DAY = 24 * HOUR;
    await store.db
      .insertInto('users')
      .values({
        id: 'u2',
        email: 'b@example.org',
        display_name: null,
        password_hash: 'x',
        status: 'active',
        password_changed_at: 0,
        user_changed_at: null,
        created_at: 0,
        last_synced_at: null,
        last_sync_error: null,
      })
      .execute();
    const code = {
      user_id: 'u2',
      target: 'b@home.example',
      code_hash: 'h',
      tries: 0,
      created_at: 0,
      used_at: null,
    };
    await store.db
      .insertInto('email_codes')
      .values([
        { ...code, purpose: 'reset', expires_at: now - DAY - 1 },
        { ...code, purpose: 'unlock', expires_at: now - HOUR },
      ])
      .execute();
    const method = {
      user_id: 'u2',
      kind: 'totp' as const,
      label: 'Authenticator app',
      last_used_at: null,
      email: null,
      totp_secret: Buffer.from('sealed'),
      totp_last_step: null,
      credential_id: null,
      public_key: null,
      sign_count: null,
      transports: null,
    };
    await store.db
      .insertInto('recovery_methods')
      .values([
        { ...method, id: 'stale-setup', created_at: now - DAY - 1, confirmed_at: null },
        { ...method, id: 'recent-setup', created_at: now - HOUR, confirmed_at: null },
        { ...method, id: 'confirmed-long-ago', created_at: 0, confirmed_at: 0 },
      ])
      .execute();
    expect(await pruneStaleRows(store.db, config, now)).toBe(2);
    expect(
      (await store.db.selectFrom('email_codes').select('purpose').execute()).map((r) => r.purpose),
    ).toEqual(['unlock']);
    const left = await store.db.selectFrom('recovery_methods').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['confirmed-long-ago', 'recent-setup']);
  });
  it('forgets an extension install that has not reported for 90 days, and keeps a recent one', async () => {
    const now = 4_000_000_000_000;
    const install = {
      extension_version: '0.3.0',
      browser: 'chrome',
      browser_version: '156',
      platform: 'windows',
      policy_applied: 1,
      redirects_change: 0,
      redirects_reset: 0,
      redirects_expired: 0,
      redirects_extra: 0,
      first_seen_at: 0,
    };
    await store.db
      .insertInto('extension_installs')
      .values([
        { ...install, install_id: 'gone', last_seen_at: now - 91 * 24 * HOUR },
        { ...install, install_id: 'here', last_seen_at: now - 29 * 24 * HOUR },
      ])
      .execute();
    expect(await pruneStaleRows(store.db, config, now)).toBe(1);
    const left = await store.db.selectFrom('extension_installs').select('install_id').execute();
    expect(left.map((row) => row.install_id)).toEqual(['here']);
  });

  it('deletes passkey challenges nobody answered once they expired', async () => {
    const now = 2_000_000_000_000;
    const challenge = { purpose: 'account', challenge: 'c', userId: null };
    await replacePasskeyChallenge(
      store.db,
      { ...challenge, bindingHash: 'gone', expiresAt: now },
      now - HOUR,
    );
    await replacePasskeyChallenge(store.db, { ...challenge, bindingHash: 'live', expiresAt: now + 1 }, now);
    expect(await pruneStaleRows(store.db, config, now)).toBe(1);
    const left = await store.db.selectFrom('passkey_challenges').select('binding_hash').execute();
    expect(left.map((r) => r.binding_hash)).toEqual(['live']);
  });

  it("deletes finished password jobs and mails a month on, but keeps each user's last write and newest job", async () => {
    const t0 = 1_000_000_000_000;
    const later = t0 + (FINISHED_WORK_KEPT_DAYS + 1) * 24 * HOUR;
    const userId = await addUser(
      store.db,
      { email: 'ann@example.org', password: 'Harbour-Lantern-73!' },
      new Date(t0),
    );
    const job = (status: 'done' | 'failed' | 'superseded', attempts: number) => ({
      id: randomBytes(8).toString('hex'),
      user_id: userId,
      kind: 'set_password' as const,
      tenant: 'contoso',
      upn: 'ann@example.org',
      payload: null,
      correlation_id: 'c',
      enable_account: 0,
      status,
      attempts,
    });
    const jobs = [
      job('done', 1),
      job('superseded', 0),
      job('failed', 3),
      job('done', 1),
      job('superseded', 0),
    ];
    for (const { status, attempts, ...row } of jobs) {
      await appendOutboxJob(store.db, row, t0);
      await store.db.updateTable('outbox_jobs').set({ status, attempts }).where('id', '=', row.id).execute();
    }
    for (const status of ['sent', 'failed', 'queued'] as const)
      await store.db
        .insertInto('mail_queue')
        .values({
          id: `mail-${status}`,
          user_id: userId,
          kind: 'security_notice',
          to_address: 'ann@example.org',
          payload: null,
          status,
          attempts: 1,
          next_attempt_at: t0,
          lease_until: null,
          last_error: null,
          created_at: t0,
          sent_at: status === 'sent' ? t0 : null,
        })
        .execute();

    expect(await pruneStaleRows(store.db, config, t0 + 24 * HOUR)).toBe(0);
    expect(await pruneStaleRows(store.db, config, later)).toBe(5);
    const left = await store.db.selectFrom('outbox_jobs').select(['seq', 'status']).orderBy('seq').execute();
    // The fourth is the drift sweep's last write; the fifth, never sent, is the newest (the next seq is 6).
    expect(left).toEqual([
      { seq: 4, status: 'done' },
      { seq: 5, status: 'superseded' },
    ]);
    const mails = await store.db.selectFrom('mail_queue').select('id').execute();
    expect(mails).toEqual([{ id: 'mail-queued' }]);
  });
});
