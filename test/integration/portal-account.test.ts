import { addUser, createApp, sendActivation, setAdmin } from '@passgate/portal';
import type { Hono } from 'hono';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppClient, appClient } from '../support/app-client.js';
import { mailedCodes, nextMailedCode } from '../support/mailed-code.js';
import { linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// Security info (/account) end to end through the web layer: createApp() over the REAL services, store,
// mail queue (a real SMTP server receives the codes) and sync worker, driven with app.request().

const PASSWORD = 'Harbour-Lantern-73!';
const ann = `ann.account@${TEST_TENANT_DOMAIN}`;
const ben = `ben.account@${TEST_TENANT_DOMAIN}`;
const cat = `cat.account@${TEST_TENANT_DOMAIN}`;
const dee = `dee.account@${TEST_TENANT_DOMAIN}`;
const HOME = 'ann@home.example';

/** Ben's authenticator key, as his app holds it once he added it. */
let benSecret = '';

/** The portal's clock runs this far ahead of the real one (tests move it on to end idle sessions). */
let offset = 0;

function webApp(t: TestPortal): Hono {
  return createApp({
    config: { ...t.config, publicUrl: 'http://localhost' },
    accounts: t.portal.accounts,
    security: t.portal.security,
    logger: t.portal.logger,
  });
}

/** What the person's app shows now, from the key the setup page showed. */
function appCode(secret: string, at = Date.now() + offset): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: at,
  });
}

async function signIn(client: AppClient, email: string, password = PASSWORD) {
  await client.get('/account');
  return client.post('/account/signin', { email, currentPassword: password });
}

describe('security info over the real portal', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let app: Hono;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [
        { email: ann, password: PASSWORD, displayName: 'Ann Account' },
        { email: ben, password: PASSWORD, displayName: 'Ben Account' },
        { email: cat, password: PASSWORD, displayName: 'Cat Account' },
        { email: dee, password: PASSWORD, displayName: 'Dee Account' },
      ],
      config: { mail: sink.mailConfig, organisation: { name: 'Contoso' } },
      now: () => new Date(Date.now() + offset),
    });
    app = webApp(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('signs in with the password alone while nothing is registered, then adds a personal address by a mailed code', async () => {
    const client = appClient(app);
    const signedIn = await signIn(client, ann);
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/account?done=signed_in');
    expect(client.cookies()).toContain('pg_account');
    const page = await client.get('/account');
    expect(page.html).toContain('<h1>Your security info</h1>');
    expect(page.html).toContain('You have not added any yet.');

    await client.get('/account/email');
    const work = await client.post('/account/email', { personalEmail: `ann.private@${TEST_TENANT_DOMAIN}` });
    expect(work.status).toBe(422);
    expect(work.html).toContain('Enter a personal address outside your organisation');

    const sent = await client.post('/account/email', { personalEmail: HOME });
    expect(sent).toMatchObject({ status: 303, location: '/account/email/confirm' });
    const code = await nextMailedCode(sink, HOME, 0);
    await client.get('/account/email/confirm');
    const wrong = await client.post('/account/email/confirm', {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('This code is not right');
    const confirmed = await client.post('/account/email/confirm', { code });
    expect(confirmed).toMatchObject({ status: 303, location: '/account?done=email' });
    const listed = await client.get(confirmed.location ?? '');
    expect(listed.html).toContain('Your personal e-mail address is added.');
    expect(listed.html).toContain(HOME);
  });

  it('then asks for a second factor: a code mailed to the personal address (hidden on the page)', async () => {
    const client = appClient(app);
    const signedIn = await signIn(client, ann);
    expect(signedIn).toMatchObject({ status: 303, location: '/account/verify' });
    // The second step gives nothing away: not the methods' list, not the personal address in full.
    expect((await client.get('/account')).location).toBe('/account/verify');
    const verify = await client.get('/account/verify');
    expect(verify.html).toContain('Send a code to a***@home.example');
    expect(verify.html).not.toContain(HOME);
    expect((await client.post('/account/remove', { method: 'recovery_codes' })).location).toBe(
      '/account/verify',
    );

    const seen = mailedCodes(sink, HOME).length;
    const sent = await client.post('/account/verify/send-code', {});
    expect(sent.html).toContain('We sent a code to your personal address');
    const code = await nextMailedCode(sink, HOME, seen);
    const done = await client.post('/account/verify', { factor: 'email_code', code });
    expect(done).toMatchObject({ status: 303, location: '/account?done=signed_in' });
    expect((await client.get('/account')).html).toContain(HOME);
  });

  it('adds an authenticator app from the key shown in text, and refuses a replayed code', async () => {
    const client = appClient(app);
    await signIn(client, ben);
    const started = await client.post('/account/authenticator', {});
    expect(started).toMatchObject({ status: 303, location: '/account/authenticator' });
    const setup = await client.get('/account/authenticator');
    expect(setup.html).toContain(
      'role="img" aria-label="QR code to add your account to an authenticator app"',
    );
    expect(setup.html).toContain('<svg');
    const secret = (
      /<code id="totp-secret" class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.html)?.[1] ?? ''
    ).replaceAll(' ', '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const confirmed = await client.post('/account/authenticator/confirm', { code: appCode(secret) });
    benSecret = secret;
    expect(confirmed).toMatchObject({ status: 303, location: '/account?done=authenticator' });

    // The next sign-in asks for a code from the app; the same code a second time is refused.
    offset += 30_000;
    const code = appCode(secret);
    const first = appClient(app);
    expect((await signIn(first, ben)).location).toBe('/account/verify');
    await first.get('/account/verify');
    expect((await first.post('/account/verify', { factor: 'totp', code })).status).toBe(303);
    const second = appClient(app);
    await signIn(second, ben);
    await second.get('/account/verify');
    const replay = await second.post('/account/verify', { factor: 'totp', code });
    expect(replay.status).toBe(422);
    expect(replay.html).toContain('This code was already used.');
    expect(replay.html).toContain('<a href="#totp-code">');
  });

  it('shows ten recovery codes once; each signs in once; the last method cannot be removed', async () => {
    const client = appClient(app);
    await signIn(client, cat);
    const made = await client.post('/account/recovery-codes', {});
    expect(made.status).toBe(200);
    expect(made.html).toContain('These codes are shown only now.');
    const codes = [...made.html.matchAll(/<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/g)].map(
      (m) => m[1] ?? '',
    );
    expect(codes).toHaveLength(10);
    const page = await client.get('/account');
    expect(page.html).toContain('10 of 10 codes left');
    for (const code of codes) expect(page.html).not.toContain(code);

    const signInWith = async (code: string) => {
      const other = appClient(app);
      await signIn(other, cat);
      await other.get('/account/verify');
      return { other, page: await other.post('/account/verify', { factor: 'recovery_code', code }) };
    };
    const { other, page: used } = await signInWith(codes[0] ?? '');
    expect(used.status).toBe(303);
    const again = (await signInWith(codes[0] ?? '')).page;
    expect(again.status).toBe(422);
    expect(again.html).toContain('This code is not right');
    expect((await other.get('/account')).html).toContain('9 of 10 codes left');

    const refused = await other.post('/account/remove', { method: 'recovery_codes' });
    expect(refused.status).toBe(409);
    // A NUL in the method's id is no method (PostgreSQL refused the lookup with a 500 before).
    expect((await other.post('/account/remove', { method: 'a\u0000b' })).status).toBe(404);
    expect(refused.html).toContain('This is your only way to get back into your account');
    expect((await other.get('/account')).html).toContain('9 of 10 codes left');
  });

  it('ends a security-info session when the password changes elsewhere', async () => {
    offset += 30_000;
    const client = appClient(app);
    await signIn(client, ben);
    await client.get('/account/verify');
    expect((await client.post('/account/verify', { factor: 'totp', code: appCode(benSecret) })).status).toBe(
      303,
    );
    expect((await client.get('/account')).html).toContain('<h1>Your security info</h1>');

    const changed = await t.portal.accounts.changePassword({
      email: ben,
      currentPassword: PASSWORD,
      newPassword: 'Obsidian-Wharf-Clover-81',
      clientIp: '192.0.2.8',
      userAgent: 'elsewhere',
    });
    expect(changed.status).toMatch(/applied|queued/);
    const after = await client.get('/account');
    expect(after.status).toBe(200);
    expect(after.html).toContain('Sign in to your security info');
    expect(after.html).toContain('when your password changes');
    expect(client.cookies()).not.toContain('pg_account');
    expect((await client.post('/account/recovery-codes', {})).status).toBe(401);
  });

  it('keeps the forms behind the CSRF check and the pages behind the host check, as every page', async () => {
    const forged = appClient(app, 'https://evil.example');
    await forged.get('/account');
    const refused = await forged.post('/account/signin', { email: ann, currentPassword: PASSWORD });
    expect(refused.status).toBe(403);
    expect(forged.cookies()).not.toContain('pg_account');
    expect((await app.request('http://evil.example/account')).status).toBe(421);
    const page = await app.request('/account');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('offers security info after a change (registration offered, the default)', async () => {
    const changed = await changeOn(appClient(app), dee, PASSWORD, 'Lantern-Harbour-Quill-57');
    expect(changed.status).toBe(200);
    expect(changed.html).toContain('Your password has been changed');
    expect(changed.html).toContain(
      '<a href="/account">Add ways to get back in if you forget your password</a>',
    );
    expect(changed.html).not.toContain('Remind me later');
  });

  it('ends a session left idle longer than recovery.sessionIdleMinutes', async () => {
    const client = appClient(app);
    await signIn(client, ann);
    await client.get('/account/verify');
    const seen = mailedCodes(sink, HOME).length;
    await client.post('/account/verify/send-code', {});
    await client.post('/account/verify', {
      factor: 'email_code',
      code: await nextMailedCode(sink, HOME, seen),
    });
    expect((await client.get('/account')).html).toContain('<h1>Your security info</h1>');
    offset += 9 * 60_000;
    expect((await client.get('/account')).html).toContain('<h1>Your security info</h1>');
    offset += 10 * 60_000 + 1_000;
    expect((await client.get('/account')).html).toContain('Sign in to your security info');
  });
});

/** Changes the password on /change, as a browser would: success leads (303) to the outcome page. */
async function changeOn(client: AppClient, email: string, from: string, to: string) {
  await client.get('/change');
  const posted = await client.post('/change', {
    email,
    currentPassword: from,
    newPassword: to,
    confirmPassword: to,
  });
  return posted.status === 303 && posted.location !== null ? client.get(posted.location) : posted;
}

describe('asking people to register methods', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let app: Hono;
  const eve = `eve.required@${TEST_TENANT_DOMAIN}`;
  const fay = `fay.admin@${TEST_TENANT_DOMAIN}`;
  const gil = `gil.pending@${TEST_TENANT_DOMAIN}`;
  const hal = `hal.raced@${TEST_TENANT_DOMAIN}`;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [
        { email: eve, password: PASSWORD, displayName: 'Eve Required' },
        { email: fay, password: PASSWORD, displayName: 'Fay Admin' },
        { email: hal, password: PASSWORD, displayName: 'Hal Raced' },
      ],
      config: { mail: sink.mailConfig, recovery: { registration: 'required', reminderSkips: 1 } },
    });
    app = webApp(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('after a change, takes a person without methods to register them, with the configured skips', async () => {
    const client = appClient(app);
    const changed = await changeOn(client, eve, PASSWORD, 'Quartz-Tundra-Ferry-64');
    expect(changed.status).toBe(200);
    expect(changed.html).toContain('Your password has been changed');
    expect(changed.html).toContain('Next: set up ways to get back in');
    expect(changed.html).toContain('<a class="button" href="/account/setup">Set up now</a>');
    expect(changed.html).toContain('You can put this off 1 more time.');
    // The password just accepted is all /account would ask of someone with no second factor yet.
    expect(client.cookies()).toContain('pg_account');
    const setup = await client.get('/account/setup');
    expect(setup.html).toContain('Add an authenticator app');
    const skipped = await client.post('/account/setup/skip', {});
    expect(skipped).toMatchObject({ status: 303, location: '/account?done=skipped' });
    expect((await client.get('/account?done=skipped')).html).toContain('We will remind you next time.');

    // The skip is spent: the next sign-in lands on the setup page, with no way to put it off.
    const again = appClient(app);
    await again.get('/account');
    const signedIn = await again.post('/account/signin', {
      email: eve,
      currentPassword: 'Quartz-Tundra-Ferry-64',
    });
    expect(signedIn).toMatchObject({ status: 303, location: '/account/setup' });
    const last = await again.get('/account/setup');
    expect(last.html).toContain('you cannot put it off any more');
    expect(last.html).not.toContain('Remind me later');
    expect((await again.post('/account/setup/skip', {})).location).toBe('/account/setup');
  });

  it('after an activation, prompts the same way', async () => {
    await addUser(t.portal.store.db, { email: gil, displayName: 'Gil Pending', password: null }, new Date());
    t.emulator.addUser(t.tenantId, {
      userPrincipalName: gil,
      accountEnabled: false,
      password: 'Imported-Unknown-1!',
    });
    await sendActivation(t.portal.adminDeps, gil, new Date(), { type: 'admin', id: 'test' });
    await waitUntil(() => sink.received.some((mail) => mail.to.includes(gil)));
    const welcome = sink.received.find((mail) => mail.to.includes(gil));
    if (welcome === undefined) throw new Error('no welcome mail');
    const token = linkToken(welcome, '/activate');
    const client = appClient(app);
    await client.get(`/activate?token=${token}`);
    const first = 'Marble-Cascade-Willow-36';
    const posted = await client.post('/activate', { token, newPassword: first, confirmPassword: first });
    expect(posted).toMatchObject({ status: 303, location: '/activate/done' });
    const done = await client.get('/activate/done');
    expect(done.status).toBe(200);
    expect(done.html).toContain('Your password is set');
    expect(done.html).toContain('Next: set up ways to get back in');
    expect(client.cookies()).toContain('pg_account');
  });

  it('opens security info only on a password still current: not for a change another one overtook while it waited', async () => {
    const change = (currentPassword: string, newPassword: string) =>
      t.portal.accounts.changePassword({
        email: hal,
        currentPassword,
        newPassword,
        clientIp: '192.0.2.8',
        userAgent: 'vitest',
      });
    // Someone changes Hal's password; before that request has looked at security info (it waits for
    // Microsoft 365 first), another password is accepted. The first request must not sign its browser in
    // to Hal's security info on the strength of a password it did not set.
    const theirs = await change(PASSWORD, 'Lantern-Quarry-Moss-25');
    const hals = await change('Lantern-Quarry-Moss-25', 'Cobalt-Heron-Drift-67');
    if (theirs.status === 'refused' || hals.status === 'refused')
      throw new Error(JSON.stringify([theirs, hals]));
    expect(hals.version).toBe(theirs.version + 1);
    expect(await t.portal.security.afterNewPassword(hal, theirs.version)).toMatchObject({
      prompt: 'required',
      session: null,
    });
    const own = await t.portal.security.afterNewPassword(hal, hals.version);
    expect(own).toMatchObject({ prompt: 'required', session: { stage: 'account' } });
  });

  it('asks an admin account for a second kind, but lets only its own second factor open security info', async () => {
    await cliAdmin(t, fay);
    const client = appClient(app);
    await signIn(client, fay);
    expect((await client.post('/account/recovery-codes', {})).status).toBe(200);
    // One kind registered, two needed: asked again after the next change, through /account's own sign-in.
    const changed = await changeOn(appClient(app), fay, PASSWORD, 'Velvet-Orchard-Lamp-92');
    expect(changed.html).toContain('Next: set up ways to get back in');
    expect(changed.html).toContain('<a class="button" href="/account">Sign in to your security info</a>');
    expect(changed.html).not.toContain('Remind me later');
  });
});

/** What `passgate users admin <email> on` does, on this portal's database. */
async function cliAdmin(t: TestPortal, email: string): Promise<void> {
  await setAdmin(t.portal.adminDeps, email, true, new Date(), { type: 'admin', id: 'test' });
}
