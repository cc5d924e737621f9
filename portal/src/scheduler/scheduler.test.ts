import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expireUser } from '../accounts/admin-actions.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/parse-config.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { takeLease } from '../store/port/leases.js';
import { enqueueSetPassword } from '../sync/enqueue-set-password.js';
import { sendReminders } from './send-reminders.js';
import { sweepExpiries } from './sweep-expiries.js';

const DAY = 86_400_000;
let store: Store;
let second: Store;

beforeEach(async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'passgate-scheduler-')), 'db.sqlite');
  store = await openStore(path);
  second = await openStore(path);
});
afterEach(async () => {
  await store.close();
  await second.close();
});

describe('takeLease()', () => {
  it('gives the lease to one holder until it lapses, then to another', async () => {
    expect(await takeLease(store.db, 'sweep', 'a', 0, 1000)).toBe(true);
    expect(await takeLease(second.db, 'sweep', 'b', 500, 1000)).toBe(false);
    expect(await takeLease(store.db, 'sweep', 'a', 900, 1000)).toBe(true);
    expect(await takeLease(second.db, 'sweep', 'b', 1500, 1000)).toBe(false);
    expect(await takeLease(second.db, 'sweep', 'b', 1900, 1000)).toBe(true);
    expect(await takeLease(store.db, 'sweep', 'a', 2000, 1000)).toBe(false);
  });
});

describe('sendReminders()', () => {
  // Two connections in one thread cannot wait for each other (better-sqlite3 is synchronous), so the
  // instances take turns here; across processes the (user, day) key does the same job.
  it('queues one reminder per user per day whichever instance runs it, however often', async () => {
    const config = parseConfig(
      {
        publicUrl: 'https://p.example.com',
        secretKey: randomBytes(32).toString('hex'),
        policy: { maxAgeDays: 30, expiryWarningDays: 7 },
      },
      {},
    );
    const mailSealer = createSealer(config.secretKey, 'mail');
    for (const name of ['ann', 'bob', 'cy'])
      await addUser(store.db, { email: `${name}@p.example`, password: 'Harbour-Lantern-73!' }, new Date(0));
    const now = new Date(26 * DAY);
    const runs: number[] = [];
    for (const s of [store, second, store, second])
      runs.push(await sendReminders({ db: s.db, config, mailSealer }, now));
    expect(runs.reduce((a, b) => a + b, 0)).toBe(3);
    const mails = await store.db.selectFrom('mail_queue').select('to_address').execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual(['ann@p.example', 'bob@p.example', 'cy@p.example']);
    expect(await sendReminders({ db: store.db, config, mailSealer }, new Date(26 * DAY + 3_600_000))).toBe(0);
    expect(await sendReminders({ db: store.db, config, mailSealer }, new Date(27 * DAY))).toBe(3);
  });
});

describe('sweepExpiries()', () => {
  it('leaves alone a user whose new password is still on its way to Microsoft 365', async () => {
    const config = parseConfig(
      {
        publicUrl: 'https://p.example.com',
        secretKey: randomBytes(32).toString('hex'),
        policy: { maxAgeDays: 30 },
        tenants: [
          {
            name: 't',
            domains: ['p.example'],
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
    const deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
    const changing = await addUser(
      store.db,
      { email: 'ann@p.example', password: 'Harbour-Lantern-73!' },
      new Date(0),
    );
    await addUser(store.db, { email: 'bob@p.example', password: 'Harbour-Lantern-73!' }, new Date(0));
    // Ann changed her password on the last day; Microsoft 365 has not taken it yet (outage, throttling).
    await store.db.transaction().execute((trx) =>
      enqueueSetPassword(
        trx,
        {
          jobId: 'change',
          userId: changing,
          tenant: 't',
          upn: 'ann@p.example',
          password: 'Copper-Meadow-58?',
          passwordHash: 'hash-of-new',
          correlationId: 'c',
          enableAccount: false,
          now: 30 * DAY - 1,
        },
        createSealer(config.secretKey, 'outbox'),
      ),
    );
    expect(await sweepExpiries(store.db, deps, new Date(31 * DAY))).toBe(1);
    const users = await store.db.selectFrom('users').select(['email', 'status']).orderBy('email').execute();
    expect(users).toEqual([
      { email: 'ann@p.example', status: 'active' },
      { email: 'bob@p.example', status: 'expired' },
    ]);
    const disables = await store.db
      .selectFrom('outbox_jobs')
      .select('upn')
      .where('kind', '=', 'set_account_enabled')
      .execute();
    expect(disables).toEqual([{ upn: 'bob@p.example' }]);
    // The same holds when the change is accepted between the sweep's query and its update.
    const scheduler = { type: 'system', id: 'passgate-scheduler' } as const;
    expect(await expireUser(deps, 'ann@p.example', new Date(31 * DAY), scheduler, true)).toBe(false);
    // An admin's explicit expire still applies.
    expect(await expireUser(deps, 'ann@p.example', new Date(31 * DAY), { type: 'admin', id: 'a' })).toBe(
      true,
    );
  });
});
