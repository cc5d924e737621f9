import { addUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { createTestClock, MINUTE } from '../support/test-clock.js';
import { waitUntil } from '../support/wait-until.js';

const ORIGIN = { clientIp: '192.0.2.71', userAgent: 'vitest' };
const OLD = 'Harbour-Lantern-73!';
const clock = createTestClock();
const used = new Set<string>([OLD]);
let t: TestPortal;
let sink: SmtpSink;
const names = ['rosa.reset', 'sid.superseded', 'cora.changed', 'lou.locked', 'ivy.identical', 'tim.timing'];

async function mailTo(email: string): Promise<(typeof sink.received)[number]> {
  const before = sink.received.filter((m) => m.to[0] === email).length;
  await t.portal.mailSender.runOnce();
  await waitUntil(() => sink.received.filter((m) => m.to[0] === email).length > before);
  const mails = sink.received.filter((m) => m.to[0] === email);
  const mail = mails.at(-1);
  if (mail === undefined) throw new Error('no mail');
  return mail;
}

async function requestLink(email: string): Promise<string> {
  await t.portal.accounts.requestReset({ email, ...ORIGIN });
  return linkToken(await mailTo(email), '/reset/confirm');
}

function setWithLink(token: string, newPassword: string, purpose: 'reset' | 'activation' = 'reset') {
  used.add(newPassword);
  return t.portal.accounts.setPasswordWithLink({ token, purpose, newPassword, ...ORIGIN });
}

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestPortal({
    now: clock.now,
    startBackground: false,
    policy: { lockout: { maxAttempts: 3, durationSeconds: 300, resetCounterMinutes: 15 } },
    users: names.map((name) => ({ email: `${name}@contoso.example`, password: OLD })),
    config: {
      mail: sink.mailConfig,
      organisation: { name: 'Contoso' },
      rateLimits: { perAccount: { max: 50 }, perAddress: { max: 500 } },
    },
  });
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('reset links', () => {
  it('sets a new password once: single use, unblocking Microsoft 365 and revoking its sessions in one go', async () => {
    const email = 'rosa.reset@contoso.example';
    const token = await requestLink(email);
    const mail = sink.received.at(-1)?.raw ?? '';
    expect(mail).toContain('Subject: Reset your Contoso password');
    expect(mail).not.toMatch(/<img|src=/i);
    expect(await t.portal.accounts.getLink(token, 'reset')).toMatchObject({ email, purpose: 'reset' });
    expect(await t.portal.accounts.getLink(token, 'activation')).toBeNull();
    expect(await setWithLink(token, 'Meadow-Cobalt-Harp-61!')).toEqual({
      status: 'applied',
      microsoft365: true,
    });
    expect(t.emulator.verifyPassword(t.tenantId, email, 'Meadow-Cobalt-Harp-61!')).toBe(true);
    expect(t.emulator.getUser(t.tenantId, email)?.sessionRevocations).toBe(1);
    expect(await t.portal.accounts.getLink(token, 'reset')).toBeNull();
    expect(await setWithLink(token, 'Meadow-Cobalt-Harp-62!')).toMatchObject({
      status: 'refused',
      refusals: [{ code: 'LINK_INVALID' }],
    });
  });

  it('expires after 30 minutes and refuses a link superseded by a newer one', async () => {
    const email = 'sid.superseded@contoso.example';
    const first = await requestLink(email);
    const second = await requestLink(email);
    expect(await t.portal.accounts.getLink(first, 'reset')).toBeNull();
    expect(await setWithLink(first, 'Orbit-Saffron-Kettle-17!')).toMatchObject({
      refusals: [{ code: 'LINK_INVALID' }],
    });
    clock.advance(30 * MINUTE + 1);
    expect(await t.portal.accounts.getLink(second, 'reset')).toBeNull();
    expect(await setWithLink(second, 'Orbit-Saffron-Kettle-17!')).toMatchObject({
      refusals: [{ code: 'LINK_INVALID' }],
    });
    expect(t.emulator.verifyPassword(t.tenantId, email, OLD)).toBe(true);
  });

  it('is invalidated by a password change made another way', async () => {
    const email = 'cora.changed@contoso.example';
    const token = await requestLink(email);
    clock.advance(MINUTE);
    used.add('Lagoon-Ember-Fjord-83!');
    expect(
      await t.portal.accounts.changePassword({
        email,
        currentPassword: OLD,
        newPassword: 'Lagoon-Ember-Fjord-83!',
        ...ORIGIN,
      }),
    ).toMatchObject({ status: 'applied' });
    expect(await t.portal.accounts.getLink(token, 'reset')).toBeNull();
  });

  it('locks after too many wrong passwords, unlocks by itself after the lockout, or at once with a reset link', async () => {
    const email = 'lou.locked@contoso.example';
    const { accounts, scheduler, store } = t.portal;
    for (let i = 0; i < 3; i += 1)
      expect(await accounts.signIn({ email, password: `Wrong-Guess-${i}!x`, ...ORIGIN })).toMatchObject({
        refusals: [{ code: 'INVALID_CREDENTIALS' }],
      });
    expect(await accounts.signIn({ email, password: OLD, ...ORIGIN })).toMatchObject({
      refusals: [{ code: 'ACCOUNT_LOCKED' }],
    });
    expect(
      await accounts.changePassword({
        email,
        currentPassword: OLD,
        newPassword: 'Never-Applied-Pass-1!',
        ...ORIGIN,
      }),
    ).toMatchObject({ refusals: [{ code: 'ACCOUNT_LOCKED' }] });
    clock.advance(301_000);
    expect(await accounts.signIn({ email, password: OLD, ...ORIGIN })).toEqual({ status: 'ok' });

    for (let i = 0; i < 3; i += 1)
      await accounts.signIn({ email, password: `Wrong-Again-${i}!x`, ...ORIGIN });
    expect(await accounts.signIn({ email, password: OLD, ...ORIGIN })).toMatchObject({
      refusals: [{ code: 'ACCOUNT_LOCKED' }],
    });
    const token = await requestLink(email);
    expect(await setWithLink(token, 'Pebble-Aurora-Mantis-44!')).toMatchObject({ status: 'applied' });
    expect(await accounts.signIn({ email, password: 'Pebble-Aurora-Mantis-44!', ...ORIGIN })).toEqual({
      status: 'ok',
    });

    for (let i = 0; i < 3; i += 1)
      await accounts.signIn({ email, password: `Wrong-Third-${i}!x`, ...ORIGIN });
    clock.advance(301_000);
    expect(await scheduler.runOnce()).toMatchObject({ ran: true, unlocked: 1 });
    const types = (
      await store.db
        .selectFrom('audit_events')
        .select('event_type')
        .where('username', '=', email)
        .orderBy('seq')
        .execute()
    ).map((e) => e.event_type);
    expect(types.filter((x) => x === 'user_lockout')).toHaveLength(3);
    // Each lock has its end: observed at the next good sign-in, lifted by the link, found by the sweep.
    expect(types.filter((x) => x === 'user_unlocked')).toHaveLength(3);
  });
});

describe('requestReset()', () => {
  it('answers and records the same for an existing and an unknown account; only the existing one gets mail', async () => {
    const { db } = t.portal.store;
    const count = async (table: 'mail_queue' | 'audit_events' | 'link_tokens') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const snapshot = async () => ({
      mail: await count('mail_queue'),
      audit: await count('audit_events'),
      links: await count('link_tokens'),
    });
    const s0 = await snapshot();
    const known = await t.portal.accounts.requestReset({ email: 'ivy.identical@contoso.example', ...ORIGIN });
    const s1 = await snapshot();
    const unknown = await t.portal.accounts.requestReset({ email: 'nobody.here@contoso.example', ...ORIGIN });
    const s2 = await snapshot();
    expect(known).toBe(unknown);
    expect(s1).toEqual({ mail: s0.mail + 1, audit: s0.audit + 1, links: s0.links + 1 });
    expect(s2).toEqual({ mail: s1.mail, audit: s1.audit + 1, links: s1.links });
    // Rate limit per account: the 4th request in an hour sends nothing, silently.
    for (let i = 0; i < 3; i += 1)
      await t.portal.accounts.requestReset({ email: 'tim.timing@contoso.example', ...ORIGIN });
    const s3 = await snapshot();
    await t.portal.accounts.requestReset({ email: 'tim.timing@contoso.example', ...ORIGIN });
    expect((await snapshot()).mail).toBe(s3.mail);
  });

  it('sends a pending_activation account its welcome link, which sets the first password', async () => {
    const email = 'paula.pending@contoso.example';
    await addUser(t.portal.store.db, { email, displayName: 'Paula Pending', password: null }, clock.now());
    t.emulator.addUser(t.tenantId, {
      userPrincipalName: email,
      accountEnabled: false,
      password: 'Imported-Unknown-1!',
    });
    // Sign-in must not tell a pending account from an unknown e-mail: the same code and words for both.
    const pending = await t.portal.accounts.signIn({ email, password: 'anything-at-all', ...ORIGIN });
    expect(pending).toMatchObject({ refusals: [{ code: 'INVALID_CREDENTIALS' }] });
    expect(
      await t.portal.accounts.signIn({
        email: 'nobody.here@contoso.example',
        password: 'anything-at-all',
        ...ORIGIN,
      }),
    ).toEqual(pending);
    await t.portal.accounts.requestReset({ email, ...ORIGIN });
    const token = linkToken(await mailTo(email), '/activate');
    expect(await t.portal.accounts.getLink(token, 'activation')).toMatchObject({
      email,
      displayName: 'Paula Pending',
    });
    expect(await setWithLink(token, 'Juniper-Vessel-Coral-58!', 'activation')).toEqual({
      status: 'applied',
      microsoft365: true,
    });
    expect(t.emulator.getUser(t.tenantId, email)?.accountEnabled).toBe(true);
    expect(
      await t.portal.accounts.signIn({ email, password: 'Juniper-Vessel-Coral-58!', ...ORIGIN }),
    ).toEqual({ status: 'ok' });
  });
});

describe('signIn() on a pending_activation account', () => {
  it('counts wrong passwords towards the lockout, like an unknown e-mail, so a lock reveals nothing', async () => {
    const email = 'pete.pending@contoso.example';
    await addUser(t.portal.store.db, { email, displayName: 'Pete Pending', password: null }, clock.now());
    for (let i = 0; i < 3; i += 1)
      expect(
        await t.portal.accounts.signIn({
          email,
          password: 'anything-at-all',
          clientIp: `192.0.2.8${i}`,
          userAgent: 'vitest',
        }),
      ).toMatchObject({ refusals: [{ code: 'INVALID_CREDENTIALS' }] });
    expect(
      await t.portal.accounts.signIn({
        email,
        password: 'anything-at-all',
        clientIp: '192.0.2.89',
        userAgent: 'vitest',
      }),
    ).toMatchObject({ refusals: [{ code: 'ACCOUNT_LOCKED' }] });
  });
});

describe('no password leaks', () => {
  it('keeps every password out of logs, audit rows, mails and the database file', async () => {
    const { readFile } = await import('node:fs/promises');
    // No fallback to an empty buffer: a scan of a file that could not be read must fail, not pass.
    const db = await readFile(t.databasePath);
    const wal = await readFile(`${t.databasePath}-wal`);
    const audit = await t.portal.store.db.selectFrom('audit_events').select('body').execute();
    const haystacks = [
      t.logs.join('\n'),
      audit.map((a) => a.body).join('\n'),
      sink.received.map((m) => m.raw).join('\n'),
      db.toString('latin1'),
      wal.toString('latin1'),
    ];
    // The WAL may be empty: it is truncated after every round that wiped a sealed payload.
    for (const hay of haystacks.slice(0, 4)) expect(hay.length).toBeGreaterThan(0);
    // The scan reads the portal's real data: the users this file created are in the database files.
    expect(haystacks.slice(3).join('')).toContain('rosa.reset@contoso.example');
    for (const password of used) for (const hay of haystacks) expect(hay.includes(password)).toBe(false);
  });
});
