import { createApp, type RequestOrigin } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appClient } from '../support/app-client.js';
import { mailedCodes, nextMailedCode } from '../support/mailed-code.js';
import {
  authenticatorCode,
  recoveryUser,
  registerAuthenticator,
  registerPersonalEmail,
  registerRecoveryCodes,
} from '../support/recovery-methods.js';
import { decodeMail, linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// recovery.newMethodCoolingOffHours (issue 13, after its security review): whoever holds only the password
// gets into security info without a second factor while the account has none, and could add a way in
// and reset at once. What they register there serves a reset only after the cooling-off; until then /reset
// treats it as not registered (the work-mailbox link still serves), security info says from when, and the
// owner hears of it at the work address. Real services, store (SQLite, and PostgreSQL in the
// test-postgres project) and SMTP.

const PASSWORD = 'Harbour-Lantern-73!';
const pia = `pia.passwordonly@${TEST_TENANT_DOMAIN}`;
const HOME = 'pia@home.example';
const UNKNOWN = `nobody.here@${TEST_TENANT_DOMAIN}`;
const ORIGIN: RequestOrigin = { clientIp: '192.0.2.90', userAgent: 'vitest' };
const HOUR = 3_600_000;

/** The portal's clock runs this far ahead of the real one: moved on so each authenticator code is a new step. */
let offset = 0;
const now = () => Date.now() + offset;

describe('a method registered on the password alone waits out the cooling-off before a reset can use it', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let key = '';
  let codes: string[] = [];
  let registeredAt = 0;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [{ email: pia, password: PASSWORD }],
      config: {
        mail: sink.mailConfig,
        organisation: { name: 'Contoso' },
        recovery: { newMethodCoolingOffHours: 24 },
        rateLimits: { perAccount: { max: 100 }, perAddress: { max: 500 }, resetPerAddress: { max: 500 } },
      },
      now: () => new Date(now()),
    });
    // Security info opens on the password alone: the account has no method yet.
    const signed = await t.portal.security.signIn({ email: pia, password: PASSWORD, ...ORIGIN });
    expect(signed).toMatchObject({ status: 'signed_in', session: { stage: 'account' } });
    const user = await recoveryUser(t.portal, pia);
    registeredAt = now();
    await registerPersonalEmail(t.portal, sink, user, HOME);
    key = await registerAuthenticator(t.portal, user, now());
    codes = await registerRecoveryCodes(t.portal, user);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  /** Security info's page as Pia sees it, signed in with her password and her app over the web layer. */
  async function accountPage(): Promise<string> {
    const app = createApp({
      config: { ...t.config, publicUrl: 'http://localhost' },
      accounts: t.portal.accounts,
      security: t.portal.security,
      logger: t.portal.logger,
    });
    const client = appClient(app);
    await client.get('/account');
    expect(await client.post('/account/signin', { email: pia, currentPassword: PASSWORD })).toMatchObject({
      location: '/account/verify',
    });
    await client.get('/account/verify');
    expect(await client.post('/account/verify', { factor: 'totp', code: appCodeNow() })).toMatchObject({
      location: '/account?done=signed_in',
    });
    return (await client.get('/account')).html;
  }

  function appCodeNow(): string {
    offset += 30_000;
    return authenticatorCode(key, now());
  }

  async function startFlow(email: string): Promise<string> {
    const started = await t.portal.resets.start({ email, ...ORIGIN });
    if (started.status !== 'ok') throw new Error(`cannot start a reset: ${started.status}`);
    return started.grant.token;
  }

  const mailsTo = (to: string, subject: string) =>
    sink.received.filter(
      (mail) => mail.to.includes(to) && decodeMail(mail.raw).includes(`Subject: ${subject}`),
    );

  /** Whether the mail sender has resolved every reset request queued (a flow's code is one). */
  const requestsResolved = async (): Promise<boolean> => {
    const row = await t.portal.store.db
      .selectFrom('mail_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'reset_request')
      .executeTakeFirstOrThrow();
    return Number(row.n) === 0;
  };

  it('refuses every new method at /reset during the cooling-off, as if none were registered', async () => {
    const flow = await startFlow(pia);
    const stranger = await startFlow(UNKNOWN);
    // The page offers what the policy allows, the same for any address.
    const { email: _pia, ...piaView } = (await t.portal.resets.view(flow)) ?? { email: '' };
    const { email: _unknown, ...unknownView } = (await t.portal.resets.view(stranger)) ?? { email: '' };
    expect(piaView).toEqual(unknownView);

    expect(await t.portal.resets.prove(flow, { factor: 'totp', code: appCodeNow() }, ORIGIN)).toEqual({
      status: 'refused',
      code: 'CODE_INVALID',
    });
    expect(
      await t.portal.resets.prove(flow, { factor: 'recovery_code', code: codes[0] ?? '' }, ORIGIN),
    ).toEqual({ status: 'refused', code: 'CODE_INVALID' });

    // A code "sent" to the personal address goes nowhere, as for an address without one.
    const seen = mailedCodes(sink, HOME).length;
    expect(await t.portal.resets.sendCode(flow, ORIGIN)).toEqual({ status: 'ok' });
    await waitUntil(requestsResolved);
    expect(mailedCodes(sink, HOME)).toHaveLength(seen);
    expect((await t.portal.resets.view(flow))?.proven).toEqual([]);
  });

  it('still lets the work-mailbox link serve, since nothing else may yet', async () => {
    const flow = await startFlow(pia);
    const links = () =>
      sink.received.filter(
        (mail) => mail.to.includes(pia) && /\/reset\/confirm\?token=/.test(decodeMail(mail.raw)),
      );
    const before = links().length;
    expect(await t.portal.resets.sendLink(flow, ORIGIN)).toEqual({ status: 'ok' });
    await waitUntil(() => links().length > before);
    const mail = links().at(-1);
    if (mail === undefined) throw new Error('no link mailed');
    // The link works: the work mailbox is still a way back in while the new methods wait.
    const token = linkToken(mail, '/reset/confirm');
    expect(await t.portal.accounts.getLink(token, 'reset')).toMatchObject({ email: pia });
  });

  it('tells the owner at the work address, and security info says from when each method serves a reset', async () => {
    const added = 'A way to get back into your Contoso account was added';
    await waitUntil(() => mailsTo(pia, added).length >= 3);
    const html = await accountPage();
    // Under each of the three, from when a reset can use it (UTC, to the minute).
    expect(html.split('it can be used to reset your password from')).toHaveLength(4);
    const rows = await t.portal.store.db
      .selectFrom('recovery_methods')
      .select('usable_from')
      .union(t.portal.store.db.selectFrom('recovery_codes').select('usable_from'))
      .execute();
    const when = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
    for (const row of rows) {
      // A day after it was added, to the minute.
      expect(Number(row.usable_from)).toBeGreaterThanOrEqual(registeredAt + 24 * HOUR);
      expect(Number(row.usable_from)).toBeLessThanOrEqual(now() + 24 * HOUR);
      expect(html).toContain(`from ${when.format(Number(row.usable_from))} (UTC)`);
    }
  });

  it('lets the same methods serve a reset once the cooling-off is over', async () => {
    offset += 24 * HOUR;
    const flow = await startFlow(pia);
    expect(
      await t.portal.resets.prove(flow, { factor: 'recovery_code', code: codes[0] ?? '' }, ORIGIN),
    ).toEqual({ status: 'ok', complete: true });
    const second = await startFlow(pia);
    const seen = mailedCodes(sink, HOME).length;
    expect(await t.portal.resets.sendCode(second, ORIGIN)).toEqual({ status: 'ok' });
    const code = await nextMailedCode(sink, HOME, seen);
    expect(await t.portal.resets.prove(second, { factor: 'email_code', code }, ORIGIN)).toEqual({
      status: 'ok',
      complete: true,
    });
    // And security info no longer mentions a wait.
    expect(await accountPage()).not.toContain('it can be used to reset your password from');
  });

  it('makes no one wait for a method added after proving one that already serves', async () => {
    const made = await t.portal.security.generateRecoveryCodes(
      { ...(await recoveryUser(t.portal, pia)), isAdmin: false },
      ORIGIN,
    );
    if (made.status !== 'ok') throw new Error(`cannot make codes: ${made.code}`);
    const flow = await startFlow(pia);
    expect(
      await t.portal.resets.prove(flow, { factor: 'recovery_code', code: made.codes[0] ?? '' }, ORIGIN),
    ).toEqual({ status: 'ok', complete: true });
  });
});
