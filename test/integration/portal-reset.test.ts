import { addUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMail, linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
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

/** The reset and welcome mails received (not the security notices a password change also sends). */
function resetMails(): (typeof sink.received)[number][] {
  return sink.received.filter((m) => /^Subject: (Reset|Set up) your/m.test(decodeMail(m.raw)));
}

/** The next mail to `email` that carries a link to `path` (security notices may arrive alongside). */
async function mailTo(email: string, path: string): Promise<(typeof sink.received)[number]> {
  const linked = () =>
    sink.received.filter((m) => m.to[0] === email && decodeMail(m.raw).includes(`${path}?token=`));
  const before = linked().length;
  await t.portal.mailSender.runOnce();
  await waitUntil(() => linked().length > before);
  const mail = linked().at(-1);
  if (mail === undefined) throw new Error('no mail');
  return mail;
}

async function requestLink(email: string): Promise<string> {
  await t.portal.accounts.requestReset({ email, ...ORIGIN });
  return linkToken(await mailTo(email, '/reset/confirm'), '/reset/confirm');
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
    expect(await setWithLink(token, 'Meadow-Cobalt-Harp-61!')).toMatchObject({
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

  it('keeps earlier links working until one is used, which ends the others; expires after 30 minutes', async () => {
    const email = 'sid.superseded@contoso.example';
    // A second request (the person's, or anyone's who typed their address) must not kill the first link.
    const first = await requestLink(email);
    const second = await requestLink(email);
    expect(await t.portal.accounts.getLink(first, 'reset')).toMatchObject({ email });
    expect(await setWithLink(second, 'Orbit-Saffron-Kettle-17!')).toMatchObject({ status: 'applied' });
    expect(await t.portal.accounts.getLink(first, 'reset')).toBeNull();
    expect(await setWithLink(first, 'Orbit-Saffron-Kettle-18!')).toMatchObject({
      refusals: [{ code: 'LINK_INVALID' }],
    });
    const third = await requestLink(email);
    clock.advance(30 * MINUTE + 1);
    expect(await t.portal.accounts.getLink(third, 'reset')).toBeNull();
    expect(await setWithLink(third, 'Orbit-Saffron-Kettle-19!')).toMatchObject({
      refusals: [{ code: 'LINK_INVALID' }],
    });
    expect(t.emulator.verifyPassword(t.tenantId, email, 'Orbit-Saffron-Kettle-17!')).toBe(true);
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
  it('does the same work for an existing and an unknown account while answering; only the existing one gets mail', async () => {
    const { db } = t.portal.store;
    const tables = ['mail_queue', 'audit_events', 'link_tokens', 'counters', 'users'] as const;
    const snapshot = async () => {
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        counts[table] = Number(row.n);
      }
      return counts;
    };
    const delta = (a: Record<string, number>, b: Record<string, number>) =>
      Object.fromEntries(tables.map((table) => [table, (b[table] ?? 0) - (a[table] ?? 0)]));
    const known = 'ivy.identical@contoso.example';
    const unknown = 'nobody.here@contoso.example';
    const s0 = await snapshot();
    const knownAnswer = await t.portal.accounts.requestReset({ email: known, ...ORIGIN });
    const s1 = await snapshot();
    const unknownAnswer = await t.portal.accounts.requestReset({ email: unknown, ...ORIGIN });
    const s2 = await snapshot();
    expect(knownAnswer).toBe(unknownAnswer);
    // Before the answer: the same rows for both (a rate-limit window, one sealed request), no link, no mail.
    expect(delta(s0, s1)).toEqual(delta(s1, s2));
    expect(delta(s0, s1)).toMatchObject({ link_tokens: 0, audit_events: 0 });
    // Reset mails only: the security notices of the tests before may go out in the same round.
    const mailsBefore = resetMails().length;
    await t.portal.mailSender.runOnce();
    await waitUntil(() => resetMails().length > mailsBefore);
    expect(
      resetMails()
        .slice(mailsBefore)
        .map((m) => m.to[0]),
    ).toEqual([known]);
    const requests = await db
      .selectFrom('audit_events')
      .select(['username', 'success'])
      .where('event_type', '=', 'user_password_reset_request')
      .where('username', 'in', [known, unknown])
      .execute();
    expect(requests).toEqual(
      expect.arrayContaining([
        { username: known, success: 1 },
        { username: unknown, success: 0 },
      ]),
    );
    // The request rows are gone once resolved: no typed address stays in the queue.
    expect(
      await db.selectFrom('mail_queue').select('id').where('kind', '=', 'reset_request').execute(),
    ).toEqual([]);
  });

  it('never mails past the limit for one client, whatever addresses it types', async () => {
    // The per-client limit is 20 an hour (test defaults); a client asking for 25 people gets 20 mails.
    const client = { clientIp: '198.51.100.200', userAgent: 'curl' };
    const people = Array.from({ length: 25 }, (_, i) => `crowd${i}@contoso.example`);
    for (const email of people)
      await addUser(t.portal.store.db, { email, displayName: null, password: OLD }, clock.now());
    const before = resetMails().length;
    for (const email of people) await t.portal.accounts.requestReset({ email, ...client });
    await t.portal.mailSender.runOnce();
    await waitUntil(() => resetMails().length >= before + 20);
    await t.portal.mailSender.runOnce();
    expect(resetMails().length - before).toBe(20);
  });

  it('never leaves a person without a working link because someone else used up the requests', async () => {
    const email = 'tim.timing@contoso.example';
    const attacker = { clientIp: '203.0.113.66', userAgent: 'curl' };
    // Someone else asks three times (the hourly limit for one address): the person gets three mails.
    for (let i = 0; i < 3; i += 1) await t.portal.accounts.requestReset({ email, ...attacker });
    const mailed = sink.received.filter((m) => m.to[0] === email).length;
    await t.portal.mailSender.runOnce();
    await waitUntil(() => sink.received.filter((m) => m.to[0] === email).length === mailed + 3);
    // Over the limit while those links work: nothing more is sent (no mail bombing)…
    await t.portal.accounts.requestReset({ email, ...ORIGIN });
    await t.portal.mailSender.runOnce();
    expect(sink.received.filter((m) => m.to[0] === email)).toHaveLength(mailed + 3);
    // … and every link in the person's mailbox still works.
    const links = sink.received.filter((m) => m.to[0] === email).slice(-3);
    for (const mail of links)
      expect(await t.portal.accounts.getLink(linkToken(mail, '/reset/confirm'), 'reset')).not.toBeNull();
    // Once they have expired, still within the hour, the person's own request gets a fresh link.
    clock.advance(31 * MINUTE);
    const token = await requestLink(email);
    expect(await setWithLink(token, 'Harvest-Quill-Nebula-35!')).toMatchObject({ status: 'applied' });
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
    const token = linkToken(await mailTo(email, '/activate'), '/activate');
    expect(await t.portal.accounts.getLink(token, 'activation')).toMatchObject({
      email,
      displayName: 'Paula Pending',
    });
    expect(await setWithLink(token, 'Juniper-Vessel-Coral-58!', 'activation')).toMatchObject({
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
