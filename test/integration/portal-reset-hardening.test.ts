import { type RequestOrigin, setAdmin } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticatorCode,
  recoveryUser,
  registerAuthenticator,
  registerRecoveryCodes,
} from '../support/recovery-methods.js';
import { decodeMail, linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// The reset flow's answers to issue 13's security review, through the real services and store (SQLite,
// and PostgreSQL in the test-postgres project): what a guesser elsewhere can and cannot do to a person
// recovering with their authenticator app alone.

const PASSWORD = 'Harbour-Lantern-73!';
const eve = `eve.app@${TEST_TENANT_DOMAIN}`; // an authenticator app, nothing else
const ada = `ada.promoted@${TEST_TENANT_DOMAIN}`; // recovery codes; made an admin while resetting
const lin = `lin.link@${TEST_TENANT_DOMAIN}`; // nothing registered when her reset link is sent
const ron = `ron.refused@${TEST_TENANT_DOMAIN}`; // recovery codes; Microsoft 365 refuses his first choice

/** The portal's clock runs this far ahead of the real one: moved on so each authenticator code is a new step. */
let offset = 0;
const now = () => Date.now() + offset;

describe('the reset flow after the security review', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let key = '';
  const codes: Record<string, string[]> = {};

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [eve, ada, lin, ron].map((email) => ({ email, password: PASSWORD })),
      config: {
        mail: sink.mailConfig,
        rateLimits: { perAccount: { max: 1000 }, perAddress: { max: 1000 }, resetPerAddress: { max: 1000 } },
      },
      now: () => new Date(now()),
    });
    key = await registerAuthenticator(t.portal, await recoveryUser(t.portal, eve), now());
    for (const email of [ada, ron])
      codes[email] = await registerRecoveryCodes(t.portal, await recoveryUser(t.portal, email));
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  const origin = (clientIp: string): RequestOrigin => ({ clientIp, userAgent: 'vitest' });

  /** A flow for `email` (eve unless named) from `clientIp`: its cookie's token. */
  async function flowAt(clientIp: string, email = eve): Promise<string> {
    const started = await t.portal.resets.start({ email, ...origin(clientIp) });
    if (started.status !== 'ok') throw new Error(`cannot start: ${started.code}`);
    return started.grant.token;
  }

  /** A six-digit code that is not what the app shows (one step either side included). */
  function wrongCode(): string {
    const right = [-30_000, 0, 30_000].map((d) => authenticatorCode(key, now() + d));
    return ['000000', '111111', '222222', '333333'].find((code) => !right.includes(code)) ?? '444444';
  }

  /** The code eve's app shows now, at a new 30-second step. */
  function appCodeNow(): string {
    offset += 30_000;
    return authenticatorCode(key, now());
  }

  it('lets a browser at another address through after one guesser rests, and stops everyone without standing at the daily ceiling', async () => {
    const prove = (token: string, code: string, clientIp: string) =>
      t.portal.resets.prove(token, { factor: 'totp', code }, origin(clientIp));

    // One guesser: ten wrong codes from one address, and that address rests.
    const guesser = '203.0.113.10';
    const first = await flowAt(guesser);
    for (let i = 0; i < 10; i += 1)
      expect(await prove(first, wrongCode(), guesser)).toMatchObject({ status: 'refused' });
    expect(await prove(await flowAt(guesser), appCodeNow(), guesser)).toEqual({
      status: 'refused',
      code: 'RESET_LOCKED',
    });
    // Eve, on a browser she never used here, at another address, with her app alone: through.
    expect(await prove(await flowAt('198.51.100.5'), appCodeNow(), '198.51.100.5')).toEqual({
      status: 'ok',
      complete: true,
    });

    // Guessers spread over ten addresses fill the ceiling (100 wrong codes for the address typed)...
    for (let n = 11; n < 20; n += 1) {
      const ip = `203.0.113.${n}`;
      const token = await flowAt(ip);
      for (let i = 0; i < 10; i += 1)
        expect(await prove(token, wrongCode(), ip)).toMatchObject({ status: 'refused' });
    }
    // ...and from then on the app rests for every browser without standing, right code or not: the
    // bound on guessing (3 in 10^6 a try, at most 100 tries a day).
    expect(await prove(await flowAt('198.51.100.6'), appCodeNow(), '198.51.100.6')).toEqual({
      status: 'refused',
      code: 'RESET_LOCKED',
    });
    // A day later it counts from nothing again.
    offset += 86_400_000 + 60_000;
    expect(await prove(await flowAt('198.51.100.7'), appCodeNow(), '198.51.100.7')).toEqual({
      status: 'ok',
      complete: true,
    });
  });

  it('holds a flow to what its account needs now: made an admin mid-flow, one method no longer finishes it', async () => {
    const token = await flowAt('192.0.2.50', ada);
    await setAdmin({ db: t.portal.store.db }, ada, true, new Date(now()), {
      type: 'admin',
      email: 'it@contoso.example',
    });
    const proved = await t.portal.resets.prove(
      token,
      { factor: 'recovery_code', code: codes[ada]?.[0] ?? '' },
      origin('192.0.2.50'),
    );
    expect(proved).toEqual({ status: 'ok', complete: false });
    expect(await t.portal.resets.finish(token)).toBeNull();
    expect(await t.portal.resets.view(token)).toMatchObject({ needed: 2, complete: false });
    const set = await t.portal.resets.setPassword({
      token,
      newPassword: 'Obsidian-Wharf-Clover-81',
      ...origin('192.0.2.50'),
    });
    expect(set).toMatchObject({ status: 'refused', refusals: [{ code: 'RESET_EXPIRED' }] });
  });

  it('refuses a reset link once the person registered another way after it was sent', async () => {
    const linked = () =>
      sink.received.filter((m) => m.to[0] === lin && decodeMail(m.raw).includes('/reset/confirm?token='));
    await t.portal.accounts.requestReset({ email: lin, ...origin('192.0.2.60') });
    await t.portal.mailSender.runOnce();
    await waitUntil(() => linked().length > 0);
    const mail = linked().at(-1);
    if (mail === undefined) throw new Error('no reset mail');
    const token = linkToken(mail, '/reset/confirm');
    expect(await t.portal.accounts.getLink(token, 'reset')).not.toBeNull();
    // With a way of her own, the work mailbox alone no longer gets into her account (workMailboxLink's
    // default, when_no_other_method): the link in it stops working too.
    await registerRecoveryCodes(t.portal, await recoveryUser(t.portal, lin));
    expect(await t.portal.accounts.getLink(token, 'reset')).toBeNull();
    const set = await t.portal.accounts.setPasswordWithLink({
      token,
      purpose: 'reset',
      newPassword: 'Obsidian-Wharf-Clover-82',
      ...origin('192.0.2.60'),
    });
    expect(set).toMatchObject({ status: 'refused', refusals: [{ code: 'LINK_INVALID' }] });
  });

  it('gives the flow back when Microsoft 365 refuses the password, so another can be chosen without a new proof', async () => {
    const token = await flowAt('192.0.2.70', ron);
    const proved = await t.portal.resets.prove(
      token,
      { factor: 'recovery_code', code: codes[ron]?.[0] ?? '' },
      origin('192.0.2.70'),
    );
    expect(proved).toEqual({ status: 'ok', complete: true });
    // Passes the portal's policy; the emulated Entra banned list refuses it.
    const refused = await t.portal.resets.setPassword({
      token,
      newPassword: 'Qwertz#Login9',
      ...origin('192.0.2.70'),
    });
    expect(refused).toEqual({ status: 'refused', refusals: [{ code: 'PASSWORD_REJECTED_BY_MICROSOFT' }] });
    expect(await t.portal.resets.finish(token)).toMatchObject({ status: 'ready', email: ron });
    const applied = await t.portal.resets.setPassword({
      token,
      newPassword: 'Tidal-Compass-Ridge-88!',
      ...origin('192.0.2.70'),
    });
    expect(applied).toEqual({ status: 'applied', microsoft365: true });
    expect(t.emulator.verifyPassword(t.tenantId, ron, 'Tidal-Compass-Ridge-88!')).toBe(true);
    // Spent by the password that went through: nothing more to give.
    expect(await t.portal.resets.finish(token)).toBeNull();
  });
});
