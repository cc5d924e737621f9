import { readAudit } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

// One portal (and emulator) for the whole file; every test uses its own users so none depends on another.
const users = [
  { email: 'ann.applied@contoso.example', password: 'Harbour-Lantern-73!', displayName: 'Ann Applied' },
  { email: 'pat.portal@portal-only.example', password: 'Harbour-Lantern-73!' },
  { email: 'vic.violations@contoso.example', password: 'Harbour-Lantern-73!' },
  { email: 'rex.reused@contoso.example', password: 'Harbour-Lantern-73!' },
  { email: 'sue.suspended@contoso.example', password: 'Harbour-Lantern-73!' },
  { email: 'ron.rejected@contoso.example', password: 'Harbour-Lantern-73!' },
  {
    email: 'syd.synced@contoso.example',
    password: 'Harbour-Lantern-73!',
    microsoft: { onPremisesSyncEnabled: true },
  },
  { email: 'nia.notinms@contoso.example', password: 'Harbour-Lantern-73!', inMicrosoft: false },
  { email: 'ted.toosoon@contoso.example', password: 'Harbour-Lantern-73!' },
  {
    email: 'eve.expired@contoso.example',
    password: 'Harbour-Lantern-73!',
    microsoft: { accountEnabled: false },
  },
];
const origin = { clientIp: '192.0.2.10', userAgent: 'vitest' };
let t: TestPortal;

function change(email: string, currentPassword: string, newPassword: string, clientIp = origin.clientIp) {
  return t.portal.accounts.changePassword({ ...origin, clientIp, email, currentPassword, newPassword });
}

async function auditTypes(email: string): Promise<string[]> {
  const events: string[] = [];
  for await (const event of readAudit(t.portal.store.db, { username: email }))
    events.push(`${event.event_type}:${event.success}`);
  return events;
}

beforeAll(async () => {
  t = await startTestPortal({
    users,
    policy: { historyCount: 3 },
    config: {
      rateLimits: { perAccount: { max: 50 }, perAddress: { max: 500 } },
      // Nothing here is meant to be "queued": a slow shared machine must not turn an answer into one.
      sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 20_000 },
    },
  });
});
afterAll(() => t.close());

describe('AccountService.changePassword()', () => {
  it('applies the new password in Microsoft 365 and then in the portal', async () => {
    const outcome = await change(
      'Ann.Applied@Contoso.example ',
      'Harbour-Lantern-73!',
      'Tidal-Compass-Ridge-88!',
    );
    expect(outcome).toMatchObject({ status: 'applied', microsoft365: true });
    expect(
      t.emulator.verifyPassword(t.tenantId, 'ann.applied@contoso.example', 'Tidal-Compass-Ridge-88!'),
    ).toBe(true);
    expect(t.emulator.getUser(t.tenantId, 'ann.applied@contoso.example')?.forceChangePasswordNextSignIn).toBe(
      false,
    );
    // The portal now takes the new password as current, and no longer the old one.
    expect((await change('ann.applied@contoso.example', 'Harbour-Lantern-73!', 'x')).status).toBe('refused');
    expect(await auditTypes('ann.applied@contoso.example')).toEqual([
      'user_create:true',
      'user_password_change_request:true',
      'user_update_provision:true',
      'user_password_change:true',
      'user_password_change:false',
    ]);
  });

  it('changes only the portal password for a domain no tenant owns', async () => {
    expect(
      await change('pat.portal@portal-only.example', 'Harbour-Lantern-73!', 'Tidal-Compass-Ridge-88!'),
    ).toMatchObject({
      status: 'applied',
      microsoft365: false,
    });
    expect(await t.portal.store.db.selectFrom('outbox_jobs').selectAll().execute()).not.toContainEqual(
      expect.objectContaining({ upn: 'pat.portal@portal-only.example' }),
    );
  });

  it('gives the same answer for a wrong password and for an unknown account', async () => {
    const wrong = await change(
      'vic.violations@contoso.example',
      'not-the-password',
      'Tidal-Compass-Ridge-88!',
    );
    const unknown = await change('nobody@contoso.example', 'not-the-password', 'Tidal-Compass-Ridge-88!');
    expect(wrong).toEqual(unknown);
    expect(wrong).toEqual({
      status: 'refused',
      refusals: [{ code: 'INVALID_CREDENTIALS' }],
    });
  });

  it('lists every policy violation at once and queues nothing', async () => {
    const outcome = await change('vic.violations@contoso.example', 'Harbour-Lantern-73!', 'vic.violations');
    expect(outcome.status).toBe('refused');
    const codes = outcome.status === 'refused' ? outcome.refusals.map((r) => r.code) : [];
    expect(codes).toEqual(
      expect.arrayContaining(['MISSING_UPPERCASE', 'MISSING_NUMBER', 'CONTAINS_USERNAME']),
    );
    const jobs = await t.portal.store.db
      .selectFrom('outbox_jobs')
      .select('upn')
      .where('upn', '=', 'vic.violations@contoso.example')
      .execute();
    expect(jobs).toEqual([]);
  });

  it('refuses the current password and remembered ones (REUSED)', async () => {
    const email = 'rex.reused@contoso.example';
    expect(await change(email, 'Harbour-Lantern-73!', 'Harbour-Lantern-73!')).toMatchObject({
      refusals: [{ code: 'REUSED' }],
    });
    expect(await change(email, 'Harbour-Lantern-73!', 'Granite-Willow-Path-41!')).toMatchObject({
      status: 'applied',
    });
    expect(await change(email, 'Granite-Willow-Path-41!', 'Harbour-Lantern-73!')).toMatchObject({
      refusals: [{ code: 'REUSED' }],
    });
  });

  it('refuses a suspended account once the password is proven', async () => {
    await t.portal.store.db
      .updateTable('users')
      .set({ status: 'suspended' })
      .where('email', '=', 'sue.suspended@contoso.example')
      .execute();
    expect(
      await change('sue.suspended@contoso.example', 'Harbour-Lantern-73!', 'Tidal-Compass-Ridge-88!'),
    ).toMatchObject({
      refusals: [{ code: 'ACCOUNT_SUSPENDED' }],
    });
  });

  it('keeps both sides on the old password when Microsoft 365 refuses the new one', async () => {
    const email = 'ron.rejected@contoso.example';
    // Passes the portal's policy, but the emulated Entra banned list (qwertz + login + 2 characters = 4 < 5) refuses it,
    // as Microsoft's unpublished global list may refuse a password the portal's own checks accept.
    const outcome = await change(email, 'Harbour-Lantern-73!', 'Qwertz#Login9');
    expect(outcome).toEqual({
      status: 'refused',
      refusals: [{ code: 'PASSWORD_REJECTED_BY_MICROSOFT' }],
    });
    expect(t.emulator.verifyPassword(t.tenantId, email, 'Harbour-Lantern-73!')).toBe(true);
    // The portal still takes the old password and not the refused one.
    expect(await change(email, 'Qwertz#Login9', 'Tidal-Compass-Ridge-88!')).toMatchObject({
      refusals: [{ code: 'INVALID_CREDENTIALS' }],
    });
    // Nobody is told of the refused one; the applied one's notice goes out at once, not after the wait.
    const notices = () =>
      t.portal.store.db
        .selectFrom('mail_queue')
        .select(['to_address', 'next_attempt_at'])
        .where('kind', '=', 'security_notice')
        .where('to_address', '=', email)
        .execute();
    expect(await notices()).toEqual([]);
    const before = Date.now();
    expect(await change(email, 'Harbour-Lantern-73!', 'Tidal-Compass-Ridge-88!')).toMatchObject({
      status: 'applied',
    });
    const told = await notices();
    expect(told).toHaveLength(1);
    expect(Number(told[0]?.next_attempt_at)).toBeLessThan(before + 20_000);
  });

  it('refuses users Microsoft 365 will not let the portal change (synced, missing)', async () => {
    for (const email of ['syd.synced@contoso.example', 'nia.notinms@contoso.example']) {
      expect(await change(email, 'Harbour-Lantern-73!', 'Tidal-Compass-Ridge-88!')).toMatchObject({
        status: 'refused',
        refusals: [{ code: 'MICROSOFT_REFUSED_UPDATE' }],
      });
    }
    const row = await t.portal.store.db
      .selectFrom('users')
      .select('last_sync_error')
      .where('email', '=', 'syd.synced@contoso.example')
      .executeTakeFirstOrThrow();
    expect(row.last_sync_error).toMatch(/^FEDERATED_OR_SYNCED/);
  });

  it('unblocks sign-in in Microsoft 365 when an expired password is changed', async () => {
    const email = 'eve.expired@contoso.example';
    await t.portal.store.db
      .updateTable('users')
      .set({ status: 'expired' })
      .where('email', '=', email)
      .execute();
    expect(await change(email, 'Harbour-Lantern-73!', 'Tidal-Compass-Ridge-88!')).toMatchObject({
      status: 'applied',
      microsoft365: true,
    });
    expect(t.emulator.getUser(t.tenantId, email)?.accountEnabled).toBe(true);
    const user = await t.portal.store.db
      .selectFrom('users')
      .select('status')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
  });

  it('ends an expiry that blocked nothing in Microsoft 365 (onExpiry maintain), enabling nothing there', async () => {
    // Blocked in the Microsoft 365 admin center by someone else: not the portal's to lift.
    const max = {
      email: 'max.maintained@contoso.example',
      password: 'Harbour-Lantern-73!',
      microsoft: { accountEnabled: false },
    };
    const t2 = await startTestPortal({ users: [max], tenant: { onExpiry: 'maintain' } });
    try {
      const db = t2.portal.store.db;
      await db.updateTable('users').set({ status: 'expired' }).where('email', '=', max.email).execute();
      expect(
        await t2.portal.accounts.changePassword({
          ...origin,
          email: max.email,
          currentPassword: max.password,
          newPassword: 'Tidal-Compass-Ridge-88!',
        }),
      ).toMatchObject({ status: 'applied', microsoft365: true });
      const user = await db
        .selectFrom('users')
        .select('status')
        .where('email', '=', max.email)
        .executeTakeFirstOrThrow();
      // Before, the person stayed expired: asked for yet another password at the next sign-in.
      expect(user.status).toBe('active');
      expect(t2.emulator.verifyPassword(t2.tenantId, max.email, 'Tidal-Compass-Ridge-88!')).toBe(true);
      expect(t2.emulator.getUser(t2.tenantId, max.email)?.accountEnabled).toBe(false);
    } finally {
      await t2.close();
    }
  });

  it('refuses a second change before the minimum age (TOO_SOON)', async () => {
    const ted = users.find((u) => u.email.startsWith('ted.')) ?? users[0];
    const t2 = await startTestPortal({ users: ted ? [ted] : [], policy: { minAgeDays: 1 } });
    try {
      const email = 'ted.toosoon@contoso.example';
      const first = await t2.portal.accounts.changePassword({
        ...origin,
        email,
        currentPassword: 'Harbour-Lantern-73!',
        newPassword: 'Granite-Willow-Path-41!',
      });
      expect(first).toMatchObject({ status: 'applied' });
      const second = await t2.portal.accounts.changePassword({
        ...origin,
        email,
        currentPassword: 'Granite-Willow-Path-41!',
        newPassword: 'Tidal-Compass-Ridge-88!',
      });
      expect(second).toMatchObject({ status: 'refused', refusals: [{ code: 'TOO_SOON' }] });
    } finally {
      await t2.close();
    }
  });
});
