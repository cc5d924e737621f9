import { type RequestOrigin, setAdmin } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// The reset flow's answers to issue 13's security review, through the real services and store (SQLite,
// and PostgreSQL in the test-postgres project): what a guesser elsewhere can and cannot do to a person
// recovering with their authenticator app alone.

const PASSWORD = 'Harbour-Lantern-73!';
const eve = `eve.app@${TEST_TENANT_DOMAIN}`; // an authenticator app (and a personal address, to be told)
const eveHome = 'eve.home@example.net';
const max = `max.admin@${TEST_TENANT_DOMAIN}`; // an admin: an authenticator app and recovery codes, two needed
const dev = `dev.devices@${TEST_TENANT_DOMAIN}`; // an authenticator app; browsers with device cookies
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
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [eve, ada, lin, ron, max, dev].map((email) => ({ email, password: PASSWORD })),
      config: {
        mail: sink.mailConfig,
        rateLimits: { perAccount: { max: 1000 }, perAddress: { max: 1000 }, resetPerAddress: { max: 1000 } },
      },
      now: () => new Date(now()),
    });
    key = await registerAuthenticator(t.portal, await recoveryUser(t.portal, eve), now());
    await registerPersonalEmail(t.portal, sink, await recoveryUser(t.portal, eve), eveHome);
    for (const email of [max, dev])
      keys[email] = await registerAuthenticator(t.portal, await recoveryUser(t.portal, email), now());
    await setAdmin({ db: t.portal.store.db }, max, true, new Date(now()), {
      type: 'admin',
      email: 'it@contoso.example',
    });
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

  /** A six-digit code that is not what the app shows (one step either side included); eve's unless keyed. */
  function wrongCode(secret = key): string {
    const right = [-30_000, 0, 30_000].map((d) => authenticatorCode(secret, now() + d));
    return ['000000', '111111', '222222', '333333'].find((code) => !right.includes(code)) ?? '444444';
  }

  /** The code the app shows now (eve's unless keyed), at a new 30-second step. */
  function appCodeNow(secret = key): string {
    offset += 30_000;
    return authenticatorCode(secret, now());
  }

  /** The security notices about guessing at /reset that went out to `to`. */
  async function guessingNotices(to: string): Promise<string[]> {
    await t.portal.mailSender.runOnce();
    return sink.received
      .filter((m) => m.to.includes(to))
      .map((m) => decodeMail(m.raw))
      .filter((text) => text.includes('Someone is guessing codes to reset the password'));
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
    // Eve is told, at her work address and her personal one, once however many tries the ceiling refuses.
    await waitUntil(
      async () => (await guessingNotices(eve)).length > 0 && (await guessingNotices(eveHome)).length > 0,
    );
    expect(await prove(await flowAt('198.51.100.8'), wrongCode(), '198.51.100.8')).toMatchObject({
      code: 'RESET_LOCKED',
    });
    const told = await guessingNotices(eve);
    expect(told).toHaveLength(1);
    expect(await guessingNotices(eveHome)).toHaveLength(1);
    expect(told[0]).toContain('100 wrong authenticator app codes');
    expect(told[0]).toContain('prove another way first');
    expect(told[0]).not.toContain(key);
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
    expect(applied).toMatchObject({ status: 'applied', microsoft365: true });
    expect(t.emulator.verifyPassword(t.tenantId, ron, 'Tidal-Compass-Ridge-88!')).toBe(true);
    // Spent by the password that went through: nothing more to give.
    expect(await t.portal.resets.finish(token)).toBeNull();
  });

  it('holds someone with one factor of an admin to 100 authenticator guesses a day, however many flows they start', async () => {
    const secret = keys[max] ?? '';
    let spare = await registerRecoveryCodes(t.portal, await recoveryUser(t.portal, max));
    // The recovery codes (like a personal mailbox) are one factor; an admin needs a second.
    async function provenFlow(clientIp: string): Promise<string> {
      const token = await flowAt(clientIp, max);
      const code = spare.shift() ?? '';
      const proved = await t.portal.resets.prove(token, { factor: 'recovery_code', code }, origin(clientIp));
      expect(proved).toEqual({ status: 'ok', complete: false });
      return token;
    }
    // Ten flows of ten wrong codes, each after the previous flows' 15-minute lock ended.
    for (let n = 0; n < 10; n += 1) {
      const ip = `203.0.113.${100 + n}`;
      const token = await provenFlow(ip);
      for (let i = 0; i < 10; i += 1)
        expect(
          await t.portal.resets.prove(token, { factor: 'totp', code: wrongCode(secret) }, origin(ip)),
        ).toMatchObject({ status: 'refused' });
      offset += 15 * 60_000 + 1_000;
    }
    spare = await registerRecoveryCodes(t.portal, await recoveryUser(t.portal, max));
    // The 101st try in a day is refused, even the right code: before, the 15-minute lock had ended.
    const later = await provenFlow('203.0.113.120');
    expect(
      await t.portal.resets.prove(
        later,
        { factor: 'totp', code: appCodeNow(secret) },
        origin('203.0.113.120'),
      ),
    ).toEqual({ status: 'refused', code: 'RESET_LOCKED' });
    // Strangers never filled the ceiling of those who proved a factor, nor those the strangers': the
    // person, app first from a new browser, then a recovery code, gets through.
    const own = await flowAt('198.51.100.30', max);
    expect(
      await t.portal.resets.prove(own, { factor: 'totp', code: appCodeNow(secret) }, origin('198.51.100.30')),
    ).toEqual({ status: 'ok', complete: false });
    expect(
      await t.portal.resets.prove(
        own,
        { factor: 'recovery_code', code: spare.shift() ?? '' },
        origin('198.51.100.30'),
      ),
    ).toEqual({ status: 'ok', complete: true });
  });

  it('gives all the browsers with a device cookie for an address one day ceiling, not one lock each', async () => {
    const secret = keys[dev] ?? '';
    const withDevice = (ip: string, device: string): RequestOrigin => ({ ...origin(ip), device });
    // A fresh device id per password sign-in: ten of them, ten wrong codes each.
    for (let n = 0; n < 10; n += 1) {
      const at = withDevice(`203.0.113.${130 + n}`, `device-${n}`);
      const token = await flowAt(at.clientIp, dev);
      for (let i = 0; i < 10; i += 1)
        expect(
          await t.portal.resets.prove(token, { factor: 'totp', code: wrongCode(secret) }, at),
        ).toMatchObject({ status: 'refused' });
    }
    const eleventh = withDevice('203.0.113.140', 'device-10');
    expect(
      await t.portal.resets.prove(
        await flowAt(eleventh.clientIp, dev),
        { factor: 'totp', code: appCodeNow(secret) },
        eleventh,
      ),
    ).toEqual({ status: 'refused', code: 'RESET_LOCKED' });
    // A browser without standing counts elsewhere: the person still gets through with the app.
    expect(
      await t.portal.resets.prove(
        await flowAt('198.51.100.40', dev),
        { factor: 'totp', code: appCodeNow(secret) },
        origin('198.51.100.40'),
      ),
    ).toEqual({ status: 'ok', complete: true });
  });
});
