import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { completeJob } from '../sync/finish-job.js';
import { acceptPassword } from './accept-password.js';
import { addUser } from './user-directory.js';

const OLD = 'Harbour-Lantern-73!';
const EMAIL = 'ann@contoso.example';
const T = Date.parse('2026-03-02T09:00:00Z');
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

const config = parseConfig(
  {
    publicUrl: 'https://p.example.com',
    secretKey: randomBytes(32).toString('hex'),
    policy: { minAgeDays: 1 },
    sync: { changeWaitMs: 0 },
    tenants: [
      {
        name: 'contoso',
        domains: ['contoso.example'],
        graph: {
          tenantId: '11111111-2222-4333-8444-555555555555',
          clientId: '66666666-7777-4888-8999-aaaaaaaaaaaa',
          clientSecret: 'secret',
        },
      },
    ],
  },
  {},
);

describe('acceptPassword()', () => {
  // Two changes proving the same old password: the first is accepted and, before the second's
  // transaction, Microsoft 365 confirms it (the version does not move then). The second's checks ran
  // on the user as it was before the confirmation.
  it('refuses a second change within the minimum age when the first was confirmed between its checks and its save', async () => {
    const deps = {
      db: store.db,
      config,
      sealer: createSealer(randomBytes(32), 'outbox'),
      mailSealer: createSealer(randomBytes(32), 'mail'),
      worker: null,
      logger: pino({ level: 'silent' }),
      now: () => new Date(T),
    };
    await addUser(store.db, { email: EMAIL, password: OLD }, new Date(T - 30 * 86_400_000));
    const userNow = () =>
      store.db.selectFrom('users').selectAll().where('email', '=', EMAIL).executeTakeFirstOrThrow();
    const change = async (user: Awaited<ReturnType<typeof userNow>>, newPassword: string) =>
      acceptPassword(deps, {
        user,
        newPassword,
        correlationId: newPassword,
        proof: { kind: 'current_password', currentPassword: OLD, provenHash: user.password_hash },
        notice: null,
        clientIp: '192.0.2.1',
        userAgent: 'vitest',
      });
    expect(await change(await userNow(), 'Amber-Falcon-Ledger-11!')).toMatchObject({ status: 'queued' });
    // The second request proves the old password now: the first is pending, so it still counts as current.
    const seenBySecond = await userNow();
    // Microsoft 365 confirms the first: its pending hash becomes current, and the change time moves.
    const [job] = await claimJobs(store.db, { now: T, leaseMs: 60_000, limit: 1 });
    if (job === undefined) throw new Error('no job');
    expect(await completeJob(store.db, job, new Date(T))).toBe(true);
    // Before, its stale row passed the minimum age (no pending hash any more) and its version still held.
    expect(await change(seenBySecond, 'Birch-Glacier-Nectar-22!')).toEqual({
      status: 'refused',
      refusals: [{ code: 'TOO_SOON' }],
    });
  });
});
