import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent, AuditEventType } from '@passgate/core/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccountAdminDeps, expireUser, suspendUser, unsuspendUser } from '../accounts/admin-actions.js';
import { handleDrift } from '../accounts/handle-drift.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/parse-config.js';
import { createSealer } from '../crypto/sealer.js';
import type { DisableReason } from '../store/database-schema.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { enqueueSetAccountEnabled } from './enqueue-set-account-enabled.js';
import { enqueueSetPassword } from './enqueue-set-password.js';
import { completeJob } from './finish-job.js';

// Which disable queued behind a password that ends an expiry still stands when the password lands. The
// portal's own paths (a renewal at sign-in, suspensions lifted meanwhile) are in
// test/integration/portal-suspend-renewal.test.ts, with the emulator; here the orders they cannot reach.
const ADMIN = { type: 'admin' as const, id: 'cli' };
const EMAIL = 'ann@p.example';
const config = parseConfig(
  {
    publicUrl: 'https://p.example.com',
    secretKey: randomBytes(32).toString('hex'),
    tenants: [
      {
        name: 't',
        domains: ['p.example'],
        onDrift: 'suspend',
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
const sealer = createSealer(randomBytes(32), 'outbox');
let store: Store;
let deps: AccountAdminDeps;
let clock = 0;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-disabled-for-')), 'db.sqlite'));
  deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
  clock = 0;
});
afterEach(() => store.close());

/** The next millisecond: each step happens after the one before. */
function tick(): Date {
  clock += 1;
  return new Date(clock);
}

/** A new password that ends an expiry (a way back in: accountEnabled true in the same PATCH). */
async function wayBackIn(userId: string): Promise<void> {
  await store.db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId: `reset-${clock}`,
        userId,
        tenant: 't',
        upn: EMAIL,
        password: 'Granite-Willow-58?',
        passwordHash: 'hash',
        correlationId: 'c',
        enableAccount: true,
        reactivate: true,
        now: tick().getTime(),
      },
      sealer,
    ),
  );
}

/** The user's next job lands in Microsoft 365. */
async function landNext(): Promise<void> {
  const now = tick().getTime();
  const [job] = await claimJobs(store.db, { now, leaseMs: 60_000, limit: 1 });
  if (job === undefined) throw new Error('no job to land');
  expect(await completeJob(store.db, job, new Date(now))).toBe(true);
}

async function user(): Promise<{ status: string; status_before_suspend: string | null }> {
  return store.db.selectFrom('users').select(['status', 'status_before_suspend']).executeTakeFirstOrThrow();
}

async function jobs(): Promise<string[]> {
  const rows = await store.db.selectFrom('outbox_jobs').selectAll().orderBy('seq').execute();
  return rows.map((j) =>
    j.kind === 'set_password'
      ? `password ${j.status}`
      : `${j.enable_account ? 'enable' : `disable(${j.disabled_for})`} ${j.status}`,
  );
}

describe('completeJob() for a password that ends an expiry, with a disable queued behind it', () => {
  it('keeps an expiry decided after the password was accepted, through a suspension lifted meanwhile', async () => {
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    // An active person uses a reset link; Microsoft 365 is slow. Then the admin expires the password,
    // suspends the account and lifts the suspension: restored expired, still blocked.
    await wayBackIn(id);
    expect(await expireUser(deps, EMAIL, tick(), ADMIN)).toBe(true);
    await suspendUser(deps, EMAIL, tick(), ADMIN);
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('expired');
    await landNext();
    expect(await user()).toEqual({ status: 'expired', status_before_suspend: null });
    expect(await jobs()).toEqual(['password done', 'disable(expiry) queued', 'disable(suspension) queued']);
  });

  it('keeps the expiry while suspended when the expiry came after the password', async () => {
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    await wayBackIn(id);
    await expireUser(deps, EMAIL, tick(), ADMIN);
    await suspendUser(deps, EMAIL, tick(), ADMIN);
    await landNext();
    expect(await user()).toEqual({ status: 'suspended', status_before_suspend: 'expired' });
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('expired');
  });

  it.each<[string, DisableReason | undefined]>([
    ['drift detection', 'drift'],
    ['a reason not recorded (queued before migration 0016)', undefined],
  ])('counts a later disable for %s as the newer decision', async (_, reason) => {
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    await expireUser(deps, EMAIL, tick(), ADMIN);
    await landNext(); // the expiry's disable
    await wayBackIn(id);
    await store.db.transaction().execute((trx) =>
      enqueueSetAccountEnabled(trx, {
        jobId: 'later',
        userId: id,
        tenant: 't',
        upn: EMAIL,
        enabled: false,
        ...(reason === undefined ? {} : { disabledFor: reason }),
        correlationId: 'c',
        now: tick().getTime(),
      }),
    );
    await landNext();
    expect((await user()).status).toBe('expired');
    expect(await jobs()).toEqual([
      'disable(expiry) done',
      'password done',
      `disable(${reason ?? null}) queued`,
    ]);
  });

  it('ends a pending activation under a suspension: lifting it restores active and re-enables sign-in', async () => {
    const id = await addUser(store.db, { email: EMAIL, password: null }, tick());
    await wayBackIn(id); // the welcome link's first password
    await suspendUser(deps, EMAIL, tick(), ADMIN);
    await landNext();
    expect(await user()).toEqual({ status: 'suspended', status_before_suspend: 'active' });
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('active');
    expect(await jobs()).toEqual(['password done', 'disable(suspension) queued', 'enable queued']);
  });

  it('queues no second enable when the lifted suspension’s own enable is already behind it', async () => {
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    await wayBackIn(id);
    await suspendUser(deps, EMAIL, tick(), ADMIN);
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('active');
    await landNext();
    expect(await user()).toEqual({ status: 'active', status_before_suspend: null });
    expect(await jobs()).toEqual(['password done', 'disable(suspension) queued', 'enable queued']);
  });
});

/** Each audit row of `type`: its correlation id and changes, in order. */
async function audited(type: AuditEventType): Promise<{ correlation: string; changes: unknown }[]> {
  const rows = await store.db
    .selectFrom('audit_events')
    .select('body')
    .where('event_type', '=', type)
    .orderBy('seq')
    .execute();
  return rows.map((row) => {
    const event = JSON.parse(row.body) as AuditEvent;
    return { correlation: event.correlation.id, changes: event.changes };
  });
}

describe('completeJob() says in the password’s audit row what it changed besides the password', () => {
  it('the expiry a suspension keeps for unsuspend, ended: statusBeforeSuspend expired → active', async () => {
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    await expireUser(deps, EMAIL, tick(), ADMIN);
    await landNext(); // the expiry's disable
    await wayBackIn(id);
    await suspendUser(deps, EMAIL, tick(), ADMIN);
    await landNext();
    expect(await user()).toEqual({ status: 'suspended', status_before_suspend: 'active' });
    expect(await audited('user_password_change')).toEqual([
      {
        correlation: 'c',
        changes: [{ field: 'password' }, { field: 'statusBeforeSuspend', from: 'expired', to: 'active' }],
      },
    ]);
  });

  it('the enable it queues itself behind a lifted suspension’s disable, with the renewal’s correlation id', async () => {
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    await expireUser(deps, EMAIL, tick(), ADMIN);
    await landNext(); // the expiry's disable
    await wayBackIn(id);
    await suspendUser(deps, EMAIL, tick(), ADMIN);
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('expired'); // still blocked: no enable
    await landNext();
    expect(await user()).toEqual({ status: 'active', status_before_suspend: null });
    expect(await jobs()).toEqual([
      'disable(expiry) done',
      'password done',
      'disable(suspension) queued',
      'enable queued',
    ]);
    expect(await audited('user_password_change')).toEqual([
      {
        correlation: 'c',
        changes: [
          { field: 'password' },
          { field: 'status', from: 'expired', to: 'active' },
          { field: 'accountEnabled', to: true },
        ],
      },
    ]);
    await landNext(); // the suspension's disable
    await landNext(); // the worker's own enable
    expect((await audited('user_update_provision')).at(-1)).toEqual({
      correlation: 'c',
      changes: [{ field: 'accountEnabled', from: false, to: true }],
    });
  });
});

describe('the reason each disable is queued with', () => {
  it('is the suspension’s, the expiry’s or drift detection’s', async () => {
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    await expireUser(deps, EMAIL, tick(), ADMIN);
    await suspendUser(deps, EMAIL, tick(), ADMIN);
    await unsuspendUser(deps, EMAIL, tick(), ADMIN);
    const tenant = config.tenants[0];
    if (tenant === undefined) throw new Error('no tenant');
    const drift = await handleDrift(
      deps,
      {
        user: { id, email: EMAIL, displayName: null },
        tenant,
        from: null,
        changeAt: clock,
        writeAt: null,
        change: null,
        recordAt: null,
      },
      tick(),
    );
    expect(drift).toEqual({ kind: 'recorded', action: 'blocked' });
    expect(await jobs()).toEqual([
      'disable(expiry) queued',
      'disable(suspension) queued',
      'disable(drift) queued',
    ]);
  });
});
