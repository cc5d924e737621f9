import { createApp, setAdmin } from '@passgate/portal';
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppClient, type AppPage, appClient } from '../support/app-client.js';
import { findLeaks, portalHaystacks } from '../support/leak-scan.js';
import { mailedCodes, nextMailedCode } from '../support/mailed-code.js';
import {
  authenticatorCode,
  recoveryUser,
  registerAuthenticator,
  registerPersonalEmail,
  registerRecoveryCodes,
} from '../support/recovery-methods.js';
import { decodeMail, linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { challengeFields } from '../support/solve-page-challenge.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// /reset with methods (issue 13, parts 3, 4 and 6) end to end through the web layer: createApp() over the
// REAL services, store, mail queue (a real SMTP server receives codes and notices) and sync worker, driven
// with app.request(). Clients are told apart by X-Forwarded-For (trustProxy), as behind the admin's proxy.

const PASSWORD = 'Harbour-Lantern-73!';
const at = (name: string) => `${name}@${TEST_TENANT_DOMAIN}`;
const ann = at('ann.reset'); // personal address; expired and blocked in Microsoft 365
const bea = at('bea.reset'); // personal address and authenticator app
const dan = at('dan.admin'); // an admin: personal address and authenticator app
const kim = at('kim.known'); // every method, for the known-versus-unknown comparison
const lou = at('lou.locked'); // personal address and recovery codes; gets locked
const UNKNOWN = at('nobody.here');
const home = (email: string) => `${email.split('@')[0]}@home.example`;
const SUPPORT = 'Call the service desk on 555-0100.';
/** Microsoft's self-service reset page with its return address, as the extension sends it to /reset. */
const SSPR = `https://passwordreset.microsoftonline.com/?ru=${encodeURIComponent('https://myaccount.microsoft.com/')}`;

/** The portal's clock runs this far ahead of the real one: moved on so each authenticator code is a new step. */
let offset = 0;
const now = () => Date.now() + offset;
const used = new Set<string>([PASSWORD]);

describe('reset with methods over the real portal', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let app: Hono;
  const keys: Record<string, string> = {};
  const codes: Record<string, string[]> = {};

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [ann, bea, dan, kim, lou].map((email) => ({
        email,
        password: PASSWORD,
        ...(email === ann ? { microsoft: { accountEnabled: false } } : {}),
      })),
      policy: { lockout: { maxAttempts: 3, durationSeconds: 900, resetCounterMinutes: 15 } },
      config: {
        mail: sink.mailConfig,
        organisation: { name: 'Contoso', supportText: SUPPORT, supportUrl: 'https://help.contoso.example/' },
        rateLimits: { perAccount: { max: 100 }, perAddress: { max: 500 }, resetPerAddress: { max: 500 } },
      },
      now: () => new Date(now()),
    });
    app = createApp({
      config: { ...t.config, publicUrl: 'http://localhost', trustProxy: true },
      accounts: t.portal.accounts,
      challenges: t.portal.challenges,
      security: t.portal.security,
      resets: t.portal.resets,
      logger: t.portal.logger,
    });
    const { portal } = t;
    for (const email of [ann, bea, dan, kim, lou])
      await registerPersonalEmail(portal, sink, await recoveryUser(portal, email), home(email));
    for (const email of [bea, dan, kim])
      keys[email] = await registerAuthenticator(portal, await recoveryUser(portal, email), now());
    for (const email of [kim, lou])
      codes[email] = await registerRecoveryCodes(portal, await recoveryUser(portal, email));
    await setAdmin({ db: portal.store.db }, dan, true, new Date(), {
      type: 'admin',
      email: 'it@contoso.example',
    });
    await portal.store.db.updateTable('users').set({ status: 'expired' }).where('email', '=', ann).execute();
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  /** A browser at client address `ip`. */
  const browser = (ip: string): AppClient => appClient(app, 'http://localhost', { 'X-Forwarded-For': ip });

  /** Types the address on /reset (with the proof of work the page asks for). */
  async function startReset(client: AppClient, email: string, from?: string): Promise<AppPage> {
    const page = await client.get(from === undefined ? '/reset' : `/reset?from=${encodeURIComponent(from)}`);
    return client.post('/reset', {
      email,
      ...(from === undefined ? {} : { from }),
      ...(await challengeFields(page.html)),
    });
  }

  /** Asks for a code by e-mail and returns it as the person's mailbox received it. */
  async function mailedCode(client: AppClient, to: string): Promise<string> {
    const seen = mailedCodes(sink, to).length;
    const sent = await client.post('/reset/verify/send-code', {});
    expect(sent.status).toBe(200);
    return nextMailedCode(sink, to, seen);
  }

  /** The code the person's app shows now, at a new 30-second step. */
  function appCodeNow(email: string): string {
    offset += 30_000;
    return authenticatorCode(keys[email] ?? '', now());
  }

  /** A six-digit code that is not what the app shows (one step either side included). */
  function wrongAppCode(email: string): string {
    const right = [-30_000, 0, 30_000].map((d) =>
      authenticatorCode(keys[email] ?? 'AAAAAAAAAAAAAAAA', now() + d),
    );
    return ['000000', '111111', '222222', '333333'].find((code) => !right.includes(code)) ?? '444444';
  }

  const notices = (to: string, subject: string) =>
    sink.received.filter(
      (mail) => mail.to.includes(to) && decodeMail(mail.raw).includes(`Subject: ${subject}`),
    );

  it('resets with one method: a code to the personal address, then Microsoft 365 gets the password and sign-in back in one PATCH', async () => {
    const client = browser('192.0.2.21');
    expect(await startReset(client, ann)).toMatchObject({ status: 303, location: '/reset/verify' });
    const verify = await client.get('/reset/verify');
    expect(verify.status).toBe(200);
    expect(verify.html).toContain('<h1>Prove it is you</h1>');
    expect(verify.html).toContain('Use one of the ways to get back in that you set up');
    const proved = await client.post('/reset/verify', {
      factor: 'email_code',
      code: await mailedCode(client, home(ann)),
    });
    expect(proved).toMatchObject({ status: 303, location: '/reset/new-password' });
    const form = await client.get('/reset/new-password');
    expect(form.html).toContain('<h1>Choose a new password</h1>');
    expect(form.html).not.toContain('Unlock my account');

    const next = 'Obsidian-Wharf-Clover-81';
    used.add(next);
    const before = t.emulator.requests().length;
    const posted = await client.post('/reset/new-password', { newPassword: next, confirmPassword: next });
    expect(posted).toMatchObject({ status: 303, location: '/reset/done' });
    const done = await client.get('/reset/done');
    expect(done.status).toBe(200);
    expect(done.html).toContain('Your new password is set');
    const patches = t.emulator
      .requests()
      .slice(before)
      .filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({
      accountEnabled: true,
      passwordProfile: { password: '[REDACTED]' },
    });
    expect(t.emulator.verifyPassword(t.tenantId, ann, next)).toBe(true);
    expect(
      await t.portal.accounts.signIn({ email: ann, password: next, clientIp: '192.0.2.21', userAgent: 'x' }),
    ).toEqual({
      status: 'ok',
    });
    // The flow did its one job: the next step finds no reset.
    expect((await client.get('/reset/new-password')).status).toBe(410);
  });

  it('tells the person at the work AND the personal address, with when, how and support, and no secret', async () => {
    const subject = 'The password of your Contoso account was changed';
    await waitUntil(() => notices(ann, subject).length === 1 && notices(home(ann), subject).length === 1);
    const text = decodeMail(notices(home(ann), subject)[0]?.raw ?? '');
    expect(text).toContain(`(${ann})`);
    expect(text).toContain('proved it was you with a code sent to your personal e-mail address');
    expect(text).toContain(SUPPORT);
    expect(text).toMatch(/[A-Z][a-z]+, [A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d\d:\d\d\s[AP]M UTC/);
    // Methods added earlier were told too, at both addresses.
    const added = 'A way to get back into your Contoso account was added';
    expect(notices(kim, added).length).toBeGreaterThanOrEqual(3);
    expect(notices(home(kim), added).length).toBeGreaterThanOrEqual(2);
  });

  it('asks an admin account for two methods of different kinds, without saying so before the first', async () => {
    const client = browser('192.0.2.22');
    await startReset(client, dan);
    const first = await client.get('/reset/verify');
    expect(first.html).toContain('Use one of the ways to get back in');
    expect(await client.post('/reset/verify', { factor: 'totp', code: appCodeNow(dan) })).toMatchObject({
      status: 303,
      location: '/reset/verify',
    });
    const second = await client.get('/reset/verify');
    expect(second.html).toContain('Your account needs one more way, of a different kind.');
    expect(second.html).not.toContain('id="factor-totp"');
    // The same kind again counts once.
    expect(await client.post('/reset/verify', { factor: 'totp', code: appCodeNow(dan) })).toMatchObject({
      location: '/reset/verify',
    });
    expect((await client.get('/reset/new-password')).location).toBe('/reset/verify');
    const proved = await client.post('/reset/verify', {
      factor: 'email_code',
      code: await mailedCode(client, home(dan)),
    });
    expect(proved.location).toBe('/reset/new-password');
    const next = 'Granite-Meadow-Lantern-44';
    used.add(next);
    expect(
      (await client.post('/reset/new-password', { newPassword: next, confirmPassword: next })).status,
    ).toBe(303);
    expect(t.emulator.verifyPassword(t.tenantId, dan, next)).toBe(true);
    const subject = 'The password of your Contoso account was changed';
    await waitUntil(() => notices(home(dan), subject).length === 1);
    expect(decodeMail(notices(home(dan), subject)[0]?.raw ?? '')).toContain(
      'a code from your authenticator app and a code sent to your personal e-mail address',
    );
  });

  it('unlocks a locked account and keeps its password (self-service unlock)', async () => {
    for (let i = 0; i < 3; i += 1)
      await t.portal.accounts.signIn({
        email: lou,
        password: `Wrong-Guess-${i}!x`,
        clientIp: '203.0.113.5',
        userAgent: 'x',
      });
    const origin = { clientIp: '192.0.2.23', userAgent: 'x' };
    expect(await t.portal.accounts.signIn({ email: lou, password: PASSWORD, ...origin })).toMatchObject({
      refusals: [{ code: 'ACCOUNT_LOCKED' }],
    });
    const client = browser('192.0.2.23');
    // Begun from Microsoft's own reset page, as the extension sends it here.
    await startReset(client, lou, SSPR);
    const proved = await client.post('/reset/verify', {
      factor: 'recovery_code',
      code: codes[lou]?.[0] ?? '',
    });
    expect(proved.location).toBe('/reset/new-password');
    const finish = await client.get('/reset/new-password');
    expect(finish.html).toContain('Your account is locked after too many wrong passwords.');
    expect(finish.html).toContain('Unlock my account');
    const before = t.emulator.requests().length;
    const unlocked = await client.post('/reset/unlock', {});
    expect(unlocked.status).toBe(200);
    expect(unlocked.html).toContain('Your account is unlocked');
    // The journey ends here, so it ends with the way back, as /reset/done does.
    expect(unlocked.html).toContain(
      '<a class="button button--secondary" href="https://myaccount.microsoft.com/">Back to where you were</a>',
    );
    expect(await t.portal.accounts.signIn({ email: lou, password: PASSWORD, ...origin })).toEqual({
      status: 'ok',
    });
    expect(
      t.emulator
        .requests()
        .slice(before)
        .filter((r) => r.method === 'PATCH'),
    ).toEqual([]);
    const audit = await t.portal.store.db
      .selectFrom('audit_events')
      .select('body')
      .where('username', '=', lou)
      .where('event_type', '=', 'user_unlocked')
      .execute();
    expect(audit.map((row) => JSON.parse(row.body).initiated_by)).toContainEqual({
      type: 'user',
      id: expect.any(String),
      email: lou,
    });
    const subject = 'Your Contoso account was unlocked';
    await waitUntil(() => notices(lou, subject).length === 1 && notices(home(lou), subject).length === 1);
    expect(decodeMail(notices(lou, subject)[0]?.raw ?? '')).toContain('The password was not changed.');
    // The flow is spent: a second unlock finds no reset.
    expect((await client.post('/reset/unlock', {})).status).toBe(410);
  });

  it('shows a known and an unknown address the same pages, statuses and answers at every step', async () => {
    const normalise = (page: AppPage, email: string) => ({
      status: page.status,
      location: page.location,
      html: page.html
        .replaceAll(/name="_csrf" value="[^"]*"/g, '')
        .replace(/<script type="application\/json" id="challenge-data">.*?<\/script>/s, '')
        .replaceAll(email, 'EMAIL'),
    });
    const walk = async (email: string, ip: string) => {
      const client = browser(ip);
      const pages: { step: string; page: ReturnType<typeof normalise> }[] = [];
      const step = (name: string, page: AppPage) => pages.push({ step: name, page: normalise(page, email) });
      step('GET /reset', await client.get('/reset'));
      step('POST /reset', await startReset(client, email));
      step('GET /reset/verify', await client.get('/reset/verify'));
      step('wrong app code', await client.post('/reset/verify', { factor: 'totp', code: wrongAppCode(kim) }));
      step(
        'wrong recovery code',
        await client.post('/reset/verify', { factor: 'recovery_code', code: 'AAAA-BBBB-CCCC' }),
      );
      step('send a code', await client.post('/reset/verify/send-code', {}));
      const real = email === kim ? await nextMailedCode(sink, home(kim), seen) : null;
      const wrong = ['123456', '654321'].find((code) => code !== real) ?? '999999';
      for (let i = 1; i <= 6; i += 1)
        step(
          `wrong mailed code ${i}`,
          await client.post('/reset/verify', { factor: 'email_code', code: wrong }),
        );
      step('send a link', await client.post('/reset/verify/send-link', {}));
      step('new password too early', await client.get('/reset/new-password'));
      step('unlock too early', await client.post('/reset/unlock', {}));
      return pages;
    };
    const seen = mailedCodes(sink, home(kim)).length;
    const known = await walk(kim, '198.51.100.31');
    const unknown = await walk(UNKNOWN, '198.51.100.32');
    expect(unknown.map((p) => p.step)).toEqual(known.map((p) => p.step));
    for (const [i, page] of known.entries())
      expect({ step: page.step, ...unknown[i]?.page }).toEqual({ step: page.step, ...page.page });
    // The comparison means something: the known address was really sent a code, and the answers are refusals.
    expect(mailedCodes(sink, home(kim)).length).toBe(seen + 1);
    expect(known.map((p) => p.page.status)).toEqual([
      200, 303, 200, 422, 422, 200, 422, 422, 422, 422, 422, 422, 200, 303, 303,
    ]);
    expect(known[6]?.page.html).toContain('This code is not right');
    expect(known[10]?.page.html).toContain('This code has expired or was typed wrong too many times');
  });

  it('refuses the 6th wrong mailed code; the right one then needs a new code', async () => {
    const client = browser('192.0.2.24');
    await startReset(client, bea);
    const code = await mailedCode(client, home(bea));
    const wrong = code === '000000' ? '111111' : '000000';
    const answers: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const page = await client.post('/reset/verify', { factor: 'email_code', code: wrong });
      expect(page.status).toBe(422);
      answers.push(page.html.includes('This code is not right') ? 'CODE_INVALID' : 'CODE_EXPIRED');
    }
    expect(answers).toEqual([
      'CODE_INVALID',
      'CODE_INVALID',
      'CODE_INVALID',
      'CODE_INVALID',
      'CODE_EXPIRED',
      'CODE_EXPIRED',
    ]);
    const late = await client.post('/reset/verify', { factor: 'email_code', code });
    expect(late.status).toBe(422);
    expect(late.html).toContain('Ask for a new code');
    const proved = await client.post('/reset/verify', {
      factor: 'email_code',
      code: await mailedCode(client, home(bea)),
    });
    expect(proved.location).toBe('/reset/new-password');
  });

  it('never lets a guesser elsewhere block the person: their browser, and any other way, still get through', async () => {
    // The person once signed in here: this browser holds a device entry for bea.
    const person = browser('198.51.100.77');
    await person.get('/signin');
    expect((await person.post('/signin', { email: bea, currentPassword: PASSWORD })).status).toBe(200);

    // Someone else guesses bea's authenticator codes and mailed codes from another address.
    const attacker = browser('203.0.113.66');
    await startReset(attacker, bea);
    // The attacker cannot read it, but the test waits for its delivery: a code still on its way when the
    // person's own code is counted below would be taken for theirs on a busy machine.
    await mailedCode(attacker, home(bea));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      if (i === 10) await startReset(attacker, bea);
      statuses.push(
        (
          await attacker.post('/reset/verify', {
            factor: i < 5 ? 'email_code' : 'totp',
            code: i < 5 ? '000001' : wrongAppCode(bea),
          })
        ).status,
      );
    }
    await startReset(attacker, bea);
    for (let i = 0; i < 6; i += 1)
      statuses.push(
        (await attacker.post('/reset/verify', { factor: 'totp', code: wrongAppCode(bea) })).status,
      );
    // The authenticator rests for that address, for browsers with no standing: the guesser is stopped.
    expect(statuses.at(-1)).toBe(423);
    expect((await attacker.post('/reset/verify', { factor: 'totp', code: appCodeNow(bea) })).status).toBe(
      423,
    );

    // The person's own browser is not stopped by those failures.
    await startReset(person, bea);
    expect(await person.post('/reset/verify', { factor: 'totp', code: appCodeNow(bea) })).toMatchObject({
      status: 303,
      location: '/reset/new-password',
    });
    // Nor is a browser she never used here, elsewhere, with her app alone: the guesser's failures
    // count on its own client address (and a ceiling one address cannot reach).
    const fresh = browser('198.51.100.78');
    await startReset(fresh, bea);
    expect(await fresh.post('/reset/verify', { factor: 'totp', code: appCodeNow(bea) })).toMatchObject({
      status: 303,
      location: '/reset/new-password',
    });
    // At the guesser's own address the app rests; another way still works there, in its own flow.
    const shared = browser('203.0.113.66');
    await startReset(shared, bea);
    const stopped = await shared.post('/reset/verify', { factor: 'totp', code: appCodeNow(bea) });
    expect(stopped.status).toBe(423);
    expect(stopped.html).toContain('Use another way');
    const proved = await shared.post('/reset/verify', {
      factor: 'email_code',
      code: await mailedCode(shared, home(bea)),
    });
    expect(proved.location).toBe('/reset/new-password');
  });

  it('keeps codes, keys, recovery codes and passwords out of the log, the audit rows, the database, and every notice', async () => {
    const sentCodes = [ann, bea, dan, kim, lou].flatMap((email) => mailedCodes(sink, home(email)));
    // On PostgreSQL there is no database file to read: every table's rows, as text, stand in for it.
    const haystacks = t.databasePath.startsWith('postgres')
      ? [
          { name: 'log', text: t.logs.join('\n') },
          { name: 'database rows (audit rows among them)', text: await everyRow(t) },
        ]
      : await portalHaystacks(t);
    // Something to search in (a scan of nothing finds nothing): the users' table among the rows.
    expect(haystacks.find((hay) => hay.name.startsWith('database'))?.text).toContain(bea);
    const secrets = {
      password: [...used],
      'mailed code': sentCodes,
      'authenticator key': Object.values(keys),
      'recovery code': Object.values(codes)
        .flat()
        .map((code) => code.replaceAll('-', ''))
        .concat(Object.values(codes).flat()),
    };
    expect(findLeaks(haystacks, secrets)).toEqual([]);
    const noticeMails = sink.received.filter((mail) =>
      /^Subject: (The password of|A way to get back|Your Contoso account was unlocked)/m.test(
        decodeMail(mail.raw),
      ),
    );
    expect(noticeMails.length).toBeGreaterThan(10);
    const notices = noticeMails.map((mail) => ({
      name: `notice to ${mail.to[0]}`,
      text: decodeMail(mail.raw),
    }));
    expect(findLeaks(notices, secrets)).toEqual([]);
    for (const notice of notices) {
      expect(notice.text.replaceAll('https://help.contoso.example/', '')).not.toMatch(/https?:\/\/|token=/);
    }
  });
});

describe('a reset needing two methods, with the work mailbox as one', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let app: Hono;
  const eve = at('eve.two');
  let key = '';

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [{ email: eve, password: PASSWORD }],
      config: {
        mail: sink.mailConfig,
        organisation: { name: 'Contoso' },
        recovery: { required: 2, workMailboxLink: 'always' },
      },
      now: () => new Date(now()),
    });
    app = createApp({
      config: { ...t.config, publicUrl: 'http://localhost' },
      accounts: t.portal.accounts,
      challenges: t.portal.challenges,
      resets: t.portal.resets,
      logger: t.portal.logger,
    });
    key = await registerAuthenticator(t.portal, await recoveryUser(t.portal, eve), now());
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('mails a link that proves the work mailbox and leads on to the second way, never to a password by itself', async () => {
    const client = appClient(app);
    const page = await client.get('/reset');
    await client.post('/reset', { email: eve, ...(await challengeFields(page.html)) });
    const verify = await client.get('/reset/verify');
    expect(verify.html).toContain('Use two different ways');
    expect(verify.html).toContain('Send a link to my work mailbox');
    const before = sink.received.length;
    const sent = await client.post('/reset/verify/send-link', {});
    expect(sent.html).toContain('Check your work e-mail');
    const linkMail = () =>
      sink.received
        .slice(before)
        .find(
          (received) =>
            received.to.includes(eve) && decodeMail(received.raw).includes('/reset/confirm?token='),
        );
    await waitUntil(() => linkMail() !== undefined);
    const mail = linkMail();
    if (mail === undefined) throw new Error('no link mailed');
    const token = linkToken(mail, '/reset/confirm');

    // Opened elsewhere (a phone, no flow there): one more step, not the new-password form.
    const phone = appClient(app);
    const opened = await phone.get(`/reset/confirm?token=${token}`);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('<h1>One more step</h1>');
    expect(opened.html).not.toContain('new-password');
    const direct = await phone.post('/reset/confirm', {
      token,
      newPassword: 'Meadow-Cobalt-Harp-61!',
      confirmPassword: 'Meadow-Cobalt-Harp-61!',
    });
    expect(direct.status).toBe(410);
    expect(t.emulator.verifyPassword(t.tenantId, eve, 'Meadow-Cobalt-Harp-61!')).toBe(false);

    const continued = await phone.post('/reset/confirm/continue', { token });
    expect(continued).toMatchObject({ status: 303, location: '/reset/verify' });
    const second = await phone.get('/reset/verify');
    expect(second.html).toContain('Your account needs one more way');
    expect(second.html).not.toContain('Send a link to my work mailbox');
    offset += 30_000;
    const proved = await phone.post('/reset/verify', { factor: 'totp', code: authenticatorCode(key, now()) });
    expect(proved.location).toBe('/reset/new-password');
    const next = 'Juniper-Vessel-Coral-58!';
    expect(
      (await phone.post('/reset/new-password', { newPassword: next, confirmPassword: next })).status,
    ).toBe(303);
    expect(t.emulator.verifyPassword(t.tenantId, eve, next)).toBe(true);
    // The link worked once.
    const again = appClient(app);
    await again.get('/reset');
    expect((await again.post('/reset/confirm/continue', { token })).status).toBe(410);
  });
});

/** Every row of every table of the portal's PostgreSQL database, as JSON text (the file scan's stand-in). */
async function everyRow(t: TestPortal): Promise<string> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'
  `.execute(t.portal.store.db);
  const texts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: unknown }>`SELECT row_to_json(x) AS row FROM ${sql.table(name)} x`.execute(
      t.portal.store.db,
    );
    texts.push(JSON.stringify(rows.rows));
  }
  return texts.join('\n');
}
