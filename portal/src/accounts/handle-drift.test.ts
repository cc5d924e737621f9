import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEventType } from '@passgate/core/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import type { TenantConfig } from '../config/portal-config.js';
import { createSealer, type Sealer } from '../crypto/sealer.js';
import type { MailContent } from '../mail/compose-mail.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { enqueueSetPassword } from '../sync/enqueue-set-password.js';
import { completeJob } from '../sync/finish-job.js';
import { type AccountAdminDeps, expireUser, suspendUser, unsuspendUser } from './admin-actions.js';
import { blockedByDrift } from './blocked-by-drift.js';
import { handleDrift } from './handle-drift.js';
import { addUser } from './user-directory.js';

// A drift found while an admin's suspension stands is kept for when it is lifted: unsuspend restores
// what drift detection would have done had the person been active. The emulator's end-to-end run is in
// test/integration/portal-suspend-drift.test.ts; here every onDrift × onExpiry and starting status.
const ADMIN = { type: 'admin' as const, id: 'cli' };
const EMAIL = 'ann@p.example';
type Rules = Pick<TenantConfig, 'onDrift' | 'onExpiry'>;

function configWith(rules: Rules) {
  return parseConfig(
    {
      publicUrl: 'https://p.example.com',
      secretKey: randomBytes(32).toString('hex'),
      tenants: [
        {
          name: 't',
          domains: ['p.example'],
          ...rules,
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
}

let store: Store;
let clock = 0;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-handle-drift-')), 'db.sqlite'));
  clock = 0;
});
afterEach(() => store.close());

function tick(): Date {
  clock += 1;
  return new Date(clock);
}

/** A person in `rules`' tenant, as `start` says, then suspended by an admin. */
async function suspendedPerson(
  rules: Rules,
  start: 'active' | 'expired' | 'pending_activation',
): Promise<{ deps: AccountAdminDeps; id: string }> {
  const config = configWith(rules);
  const deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
  const password = start === 'pending_activation' ? null : 'Harbour-Lantern-73!';
  const id = await addUser(store.db, { email: EMAIL, password }, tick());
  if (start === 'expired') expect(await expireUser(deps, EMAIL, tick(), ADMIN)).toBe(true);
  await suspendUser(deps, EMAIL, tick(), ADMIN);
  return { deps, id };
}

/** The sweep's decision; `sweptAt`: when that sweep began (it passes one time for all its users). */
async function drift(deps: AccountAdminDeps, id: string, sweptAt?: Date) {
  const tenant = deps.config.tenants[0];
  if (tenant === undefined) throw new Error('no tenant');
  const found = {
    user: { id, email: EMAIL, displayName: null },
    tenant,
    from: null,
    changeAt: clock,
    writeAt: null,
    change: null,
    recordAt: null,
  };
  return handleDrift(deps, found, sweptAt ?? tick());
}

/** A change the person made in the portal: queued for Microsoft 365. */
async function acceptChange(id: string): Promise<void> {
  await store.db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId: `change-${clock}`,
        userId: id,
        tenant: 't',
        upn: EMAIL,
        password: 'Granite-Willow-58?',
        passwordHash: 'hash',
        correlationId: 'c',
        enableAccount: false,
        now: tick().getTime(),
      },
      createSealer(randomBytes(32), 'outbox'),
    ),
  );
}

/** The next job lands in Microsoft 365. */
async function landNext(): Promise<void> {
  const now = tick();
  const [job] = await claimJobs(store.db, { now: now.getTime(), leaseMs: 60_000, limit: 1 });
  if (job === undefined) throw new Error('no job to land');
  expect(await completeJob(store.db, job, now)).toBe(true);
}

async function jobs(): Promise<string[]> {
  const rows = await store.db.selectFrom('outbox_jobs').selectAll().orderBy('seq').execute();
  return rows.map((j) =>
    j.kind === 'set_password' ? 'password' : j.enable_account ? 'enable' : `disable(${j.disabled_for})`,
  );
}

async function changesOf(type: AuditEventType): Promise<unknown[]> {
  const rows = await store.db
    .selectFrom('audit_events')
    .select('body')
    .where('event_type', '=', type)
    .orderBy('seq')
    .execute();
  return rows.map((row) => (JSON.parse(row.body) as { changes: unknown }).changes);
}

async function mails(): Promise<string[]> {
  const rows = await store.db
    .selectFrom('mail_queue')
    .select('kind')
    .where('to_address', '=', EMAIL)
    .execute();
  return rows.map((row) => row.kind);
}

/** The text of each mail queued for the person, opened. */
async function mailTexts(deps: { mailSealer: Sealer }): Promise<string[]> {
  const rows = await store.db
    .selectFrom('mail_queue')
    .select(['id', 'payload'])
    .where('to_address', '=', EMAIL)
    .execute();
  return rows.map(
    (row) =>
      (
        JSON.parse(
          deps.mailSealer.open(row.payload ?? new Uint8Array(), mailSealContext(row.id)),
        ) as MailContent
      ).text,
  );
}

describe('handleDrift() for a suspended person', () => {
  it.each<[Rules, 'expired' | 'blocked']>([
    [{ onDrift: 'suspend', onExpiry: 'maintain' }, 'blocked'],
    [{ onDrift: 'suspend', onExpiry: 'suspend' }, 'blocked'],
    [{ onDrift: 'expire', onExpiry: 'suspend' }, 'blocked'],
  ])(
    '%o: an active one comes back expired and blocked (%s) when the suspension is lifted',
    async (rules, action) => {
      const { deps, id } = await suspendedPerson(rules, 'active');
      expect(await drift(deps, id)).toEqual({ kind: 'recorded', action });
      const row = await store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'suspended', status_before_suspend: 'expired', expired_at: clock });
      const watch = await store.db.selectFrom('password_drift').selectAll().executeTakeFirstOrThrow();
      expect(watch).toMatchObject({ drift_action: action, blocked_at: clock });
      expect(await changesOf('user_password_expired')).toEqual([
        [
          { field: 'statusBeforeSuspend', from: 'active', to: 'expired' },
          { field: 'accountEnabled', from: false, to: false },
        ],
      ]);
      expect((await changesOf('user_password_drift'))[0]).toContainEqual({ field: 'action', to: action });
      // Told now: someone changed their password in Microsoft 365, whatever their account's state; but
      // not sent to sign-in or reset, which refuse them while suspended.
      expect(await mails()).toEqual(['drift_blocked']);
      const [text] = await mailTexts(deps);
      expect(text).toContain('Your account is suspended');
      expect(text).toContain('signing in to Microsoft 365 stays blocked until you choose it');
      expect(text).not.toContain('/signin');
      expect(text).not.toContain('/reset');

      expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('expired');
      expect(await jobs()).toEqual(['disable(suspension)', 'disable(drift)']);
      expect((await changesOf('user_unsuspended'))[0]).toEqual([
        { field: 'status', from: 'suspended', to: 'expired' },
        { field: 'accountEnabled', from: false, to: false },
      ]);
    },
  );

  it('onDrift expire, onExpiry maintain: comes back expired, and allowed to sign in as any such expiry', async () => {
    const { deps, id } = await suspendedPerson({ onDrift: 'expire', onExpiry: 'maintain' }, 'active');
    expect(await drift(deps, id)).toEqual({ kind: 'recorded', action: 'expired' });
    expect(await changesOf('user_password_expired')).toEqual([
      [{ field: 'statusBeforeSuspend', from: 'active', to: 'expired' }],
    ]);
    expect(await mails()).toEqual(['drift_expired']);
    const [text] = await mailTexts(deps);
    expect(text).toContain('When IT support lifts the suspension');
    expect(text).not.toContain('blocked');
    expect(text).not.toContain('/signin');
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('expired');
    expect(await jobs()).toEqual(['disable(suspension)', 'enable']);
  });

  it('onDrift suspend: an expired one stays blocked after the suspension, even where expiry blocks nothing', async () => {
    const { deps, id } = await suspendedPerson({ onDrift: 'suspend', onExpiry: 'maintain' }, 'expired');
    expect(await drift(deps, id)).toEqual({ kind: 'recorded', action: 'blocked' });
    expect(await changesOf('user_password_expired')).toEqual([
      [{ field: 'status', from: 'active', to: 'expired' }],
      [{ field: 'accountEnabled', from: false, to: false }],
    ]);
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('expired');
    expect(await jobs()).toEqual(['disable(suspension)', 'disable(drift)']);
  });

  it.each<[Rules, 'active' | 'expired' | 'pending_activation']>([
    [{ onDrift: 'report', onExpiry: 'suspend' }, 'active'],
    [{ onDrift: 'expire', onExpiry: 'maintain' }, 'expired'],
    [{ onDrift: 'suspend', onExpiry: 'suspend' }, 'pending_activation'],
  ])('%o, suspended while %s: reported only, and lifting it restores what was', async (rules, start) => {
    const { deps, id } = await suspendedPerson(rules, start);
    expect(await drift(deps, id)).toEqual({ kind: 'recorded', action: 'reported' });
    expect(await mails()).toEqual([]);
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe(start);
    expect(await jobs()).not.toContain('disable(drift)');
  });
});

// A sweep passes the time it began to every drift it finds, and a large tenant takes minutes: a portal
// password may land meanwhile, before the change someone then makes elsewhere and this sweep reads.
describe('handleDrift() in a sweep that began before the person’s last portal password landed', () => {
  const rules: Rules = { onDrift: 'suspend', onExpiry: 'maintain' };

  it('blocks until the next portal password, not until the one already current', async () => {
    const config = configWith(rules);
    const deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    const sweptAt = tick();
    await acceptChange(id);
    await landNext();
    expect(await drift(deps, id, sweptAt)).toEqual({ kind: 'recorded', action: 'blocked' });
    // Else the person's renewal queues no enable, and lands active with sign-in still blocked.
    expect(await blockedByDrift(store.db, id)).toBe(true);
    // Not suspended: sent to sign in or reset for that next password.
    const [text] = await mailTexts(deps);
    expect(text).toContain('https://p.example.com/signin');
    expect(text).toContain('https://p.example.com/reset');
    expect(text).not.toContain('suspended');
  });

  it('keeps a block decided while suspended standing when the suspension is lifted', async () => {
    const config = configWith(rules);
    const deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
    const id = await addUser(store.db, { email: EMAIL, password: 'Harbour-Lantern-73!' }, tick());
    const sweptAt = tick();
    await acceptChange(id);
    await suspendUser(deps, EMAIL, tick(), ADMIN);
    await landNext(); // the change, while the suspension stands
    expect(await drift(deps, id, sweptAt)).toEqual({ kind: 'recorded', action: 'blocked' });
    expect(await unsuspendUser(deps, EMAIL, tick(), ADMIN)).toBe('expired');
    // No enable: the password someone set through Microsoft's other doors must not work again.
    expect(await jobs()).toEqual(['password', 'disable(suspension)', 'disable(drift)']);
  });
});
