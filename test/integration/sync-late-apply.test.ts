import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { testDialects } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

// Session 2's hazard: a password PATCH the portal gave up on (its timeout) that Microsoft 365 carries
// out late could overwrite a newer password a later job had already applied. The emulator's lateApply
// fault plays the late write (test/m365-emulator/tests/late-apply.test.ts shows it against a bare
// client); here the portal must end, every time, with Microsoft 365 holding the newest password.

const FIRST = 'Granite-Lantern-41!';
const NEWER = 'Willow-Harbour-52?';
const ALONE = 'Cobalt-Meadow-63#';

describe.each(testDialects())(
  'a password Microsoft 365 applies after the portal gave up on it (%s)',
  (dialect) => {
    let t: TestPortal;

    beforeAll(async () => {
      // Calls give up after 800 ms; an unanswered one holds its job for the 5 s lease, well past the
      // 2 s after which the emulator carries the abandoned PATCH out.
      t = await startTestPortal({
        database: dialect,
        graphTimeoutMs: 800,
        config: { sync: { pollIntervalMs: 50, leaseSeconds: 5, changeWaitMs: 3_000 } },
      });
    });

    afterAll(async () => {
      await t?.close();
    });

    function change(email: string, currentPassword: string, newPassword: string) {
      return t.portal.accounts.changePassword({
        email,
        currentPassword,
        newPassword,
        clientIp: '192.0.2.30',
        userAgent: 'vitest',
      });
    }

    async function jobs(email: string): Promise<{ status: string; last_error: string | null }[]> {
      return t.portal.store.db
        .selectFrom('outbox_jobs')
        .select(['status', 'last_error'])
        .where('upn', '=', email)
        .orderBy('seq')
        .execute();
    }

    const settled = async (email: string): Promise<boolean> =>
      (await jobs(email)).every((job) => job.status !== 'queued' && job.status !== 'running');

    it('writes the newer password only after the late one could land, so Microsoft 365 ends with the newest', async () => {
      const [adele] = t.users;
      if (adele === undefined) throw new Error('no test user');
      const history = (): (number | null)[] =>
        t.emulator.passwordHistory(t.tenantId, adele.email, [FIRST, NEWER]);
      t.emulator.injectFaults({ kind: 'lateApply', ms: 2_000, count: 1, pathPrefix: '/v1.0/users/' });

      expect(await change(adele.email, adele.password, FIRST)).toMatchObject({ status: 'queued' });
      // The portal said "saved, will apply shortly": the person goes on with the password they chose.
      expect(await change(adele.email, FIRST, NEWER)).toMatchObject({ status: 'queued' });
      const held = await jobs(adele.email);
      expect(held[0]).toMatchObject({ status: 'running', last_error: expect.stringMatching(/held until/) });
      expect(held[1]?.status).toBe('queued');

      // Settled, and the late write has landed (were it to land last, the order below would show it).
      await waitUntil(async () => (await settled(adele.email)) && history().includes(0));
      const written = history();
      expect(written.lastIndexOf(0)).toBeLessThan(written.indexOf(1));
      expect(written.at(-1)).toBe(1);
      expect(t.emulator.verifyPassword(t.tenantId, adele.email, NEWER)).toBe(true);
      // Only the newest was sent again: the held job gave way to it unsent.
      expect((await jobs(adele.email)).map((job) => job.status)).toEqual(['superseded', 'done']);
    });

    it('sends the same password again once the hold is over when nothing newer came', async () => {
      const alex = t.users[1];
      if (alex === undefined) throw new Error('no test user');
      const history = (): (number | null)[] => t.emulator.passwordHistory(t.tenantId, alex.email, [ALONE]);
      t.emulator.injectFaults({ kind: 'lateApply', ms: 2_000, count: 1, pathPrefix: '/v1.0/users/' });

      expect(await change(alex.email, alex.password, ALONE)).toMatchObject({ status: 'queued' });
      await waitUntil(async () => (await settled(alex.email)) && history().length >= 2);
      expect(history().every((index) => index === 0)).toBe(true);
      expect(t.emulator.verifyPassword(t.tenantId, alex.email, ALONE)).toBe(true);
      expect((await jobs(alex.email)).map((job) => job.status)).toEqual(['done']);
      const user = await t.portal.store.db
        .selectFrom('users')
        .select(['last_sync_error', 'last_synced_at'])
        .where('email', '=', alex.email)
        .executeTakeFirstOrThrow();
      expect(user.last_sync_error).toBeNull();
      expect(user.last_synced_at).not.toBeNull();
    });
  },
);
