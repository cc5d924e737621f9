import { expireUser, suspendUser, unsuspendUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

// Issue 15, findings 1 and 2: a proof of a password (a portal session, a typed current password) holds
// only while that password is current. Each test uses its own user.
const OLD = 'Harbour-Lantern-73!';
const users = [
  { email: 'owen.owner@contoso.example', password: OLD },
  { email: 'pia.parallel@contoso.example', password: OLD },
  { email: 'ria.rejected@contoso.example', password: OLD },
];
const origin = { clientIp: '192.0.2.44', userAgent: 'vitest' };
const ADMIN = { type: 'admin', id: 'test' } as const;
let t: TestPortal;

beforeAll(async () => {
  t = await startTestPortal({
    users,
    policy: { minAgeDays: 1, historyCount: 5 },
    config: {
      rateLimits: { perAccount: { max: 50 }, perAddress: { max: 500 } },
      sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 20_000 },
    },
  });
});
afterAll(() => t.close());

async function userRow(email: string) {
  return t.portal.store.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}

async function signInExpired(email: string): Promise<string> {
  await expireUser(t.portal.adminDeps, email, new Date(), ADMIN);
  const signIn = await t.portal.accounts.signIn({ ...origin, email, password: OLD });
  if (signIn.status !== 'must_change') throw new Error(`expected must_change, got ${signIn.status}`);
  return signIn.session.token;
}

describe('a set-password session after the owner changed the password', () => {
  it('is refused: someone who signed in with the old password cannot set a third one', async () => {
    const email = 'owen.owner@contoso.example';
    const attackerSession = await signInExpired(email);
    // The owner changes the (expired) password at /change.
    const mine = 'Owner-Kept-Lantern-42!';
    expect(
      await t.portal.accounts.changePassword({ ...origin, email, currentPassword: OLD, newPassword: mine }),
    ).toMatchObject({ status: 'applied', microsoft365: true });

    expect(await t.portal.accounts.getSession(attackerSession)).toBeNull();
    const outcome = await t.portal.accounts.setPasswordWithSession({
      ...origin,
      sessionToken: attackerSession,
      newPassword: 'Attacker-Owns-This-77!',
    });
    expect(outcome).toMatchObject({ status: 'refused', refusals: [{ code: 'SESSION_EXPIRED' }] });
    // The owner's password is the one Microsoft 365 and the portal keep.
    expect(t.emulator.verifyPassword(t.tenantId, email, mine)).toBe(true);
    expect((await t.portal.accounts.signIn({ ...origin, email, password: mine })).status).toBe('ok');
  });

  it('is kept for another try when Microsoft 365 refuses the password it set', async () => {
    const email = 'ria.rejected@contoso.example';
    const session = await signInExpired(email);
    // Passes the portal's policy; the emulated Entra banned list refuses it (see portal-change.test.ts).
    const banned = 'Qwertz#Login9';
    const refused = await t.portal.accounts.setPasswordWithSession({
      ...origin,
      sessionToken: session,
      newPassword: banned,
    });
    expect(refused).toMatchObject({
      status: 'refused',
      refusals: [{ code: 'PASSWORD_REJECTED_BY_MICROSOFT' }],
    });
    const next = 'Granite-Sparrow-Quilt-58!';
    expect(
      await t.portal.accounts.setPasswordWithSession({ ...origin, sessionToken: session, newPassword: next }),
    ).toMatchObject({ status: 'applied', microsoft365: true });
    expect(t.emulator.verifyPassword(t.tenantId, email, next)).toBe(true);
  });
});

describe('parallel changes proving the same old password', () => {
  it('accept exactly one: the minimum age and the history cannot be walked around', async () => {
    const email = 'pia.parallel@contoso.example';
    const attempts = [
      'Amber-Falcon-Ledger-11!',
      'Birch-Glacier-Nectar-22!',
      'Cobalt-Meadow-Pylon-33!',
      'Dune-Harvest-Quartz-44!',
    ];
    const outcomes = await Promise.all(
      attempts.map((newPassword) =>
        t.portal.accounts.changePassword({ ...origin, email, currentPassword: OLD, newPassword }),
      ),
    );
    const accepted = outcomes.flatMap((outcome, i) => (outcome.status === 'refused' ? [] : [attempts[i]]));
    expect(accepted).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === 'refused')) {
      // Whichever way each loser noticed: the winner already committed, or was still being saved.
      expect(['PASSWORD_CHANGED_MEANWHILE', 'TOO_SOON', 'INVALID_CREDENTIALS']).toContain(
        outcome.status === 'refused' ? outcome.refusals[0]?.code : '',
      );
    }
    expect(t.emulator.verifyPassword(t.tenantId, email, accepted[0] ?? '')).toBe(true);
    const user = await userRow(email);
    const history = await t.portal.store.db
      .selectFrom('password_history')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(history).toHaveLength(1);
  });

  it('counts a change still waiting for Microsoft 365 toward the minimum age', async () => {
    // No worker runs here: the first change is accepted and stays queued, as when Microsoft 365 is down.
    const queuedPortal = await startTestPortal({
      users: [{ email: 'quin.queued@contoso.example', password: OLD }],
      policy: { minAgeDays: 1 },
      startWorker: false,
      config: { sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 200 } },
    });
    try {
      const email = 'quin.queued@contoso.example';
      const first = 'Ember-Lagoon-Trellis-61!';
      const change = (currentPassword: string, newPassword: string) =>
        queuedPortal.portal.accounts.changePassword({ ...origin, email, currentPassword, newPassword });
      expect(await change(OLD, first)).toMatchObject({ status: 'queued' });
      // The queued password is current for the next change, and it was made a moment ago.
      expect(await change(first, 'Fjord-Mosaic-Tundra-62!')).toMatchObject({
        status: 'refused',
        refusals: [{ code: 'TOO_SOON' }],
      });
    } finally {
      await queuedPortal.close();
    }
  });
});

describe('a way back in queued before an admin blocks the account again', () => {
  it('leaves the portal and Microsoft 365 agreeing once the queue drains', async () => {
    // Found by the lifecycle model: the renewal's job re-enabled the portal's account when it landed,
    // although a suspension queued after it would block Microsoft 365 sign-in again.
    const blocked = await startTestPortal({
      users: [{ email: 'bo.blocked@contoso.example', password: OLD }],
      startWorker: false,
      config: { sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 200 } },
    });
    try {
      const email = 'bo.blocked@contoso.example';
      const { accounts, adminDeps, worker, store } = blocked.portal;
      await expireUser(adminDeps, email, new Date(), ADMIN);
      const signIn = await accounts.signIn({ ...origin, email, password: OLD });
      if (signIn.status !== 'must_change') throw new Error(`expected must_change, got ${signIn.status}`);
      const renewed = 'Lantern-Orchard-Basalt-57!';
      expect(
        await accounts.setPasswordWithSession({
          ...origin,
          sessionToken: signIn.session.token,
          newPassword: renewed,
        }),
      ).toMatchObject({ status: 'queued' });
      await suspendUser(adminDeps, email, new Date(), ADMIN);
      await unsuspendUser(adminDeps, email, new Date(), ADMIN);
      while ((await worker.runOnce()) > 0);
      const user = await store.db
        .selectFrom('users')
        .select('status')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      const enabled = blocked.emulator.getUser(blocked.tenantId, email)?.accountEnabled;
      expect(blocked.emulator.verifyPassword(blocked.tenantId, email, renewed)).toBe(true);
      // Sign-in is allowed in Microsoft 365 exactly when the portal says the account is active. The
      // suspension was lifted before the renewal landed: the renewal ends the expiry (see
      // portal-suspend-renewal.test.ts for the other orders).
      expect({ status: user.status, enabled }).toEqual({ status: 'active', enabled: true });
    } finally {
      await blocked.close();
    }
  });
});
