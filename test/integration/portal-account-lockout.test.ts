import { type RequestOrigin, unlockUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorCode, recoveryUser, registerAuthenticator } from '../support/recovery-methods.js';
import { decodeMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// Security info's second step (/account) after issue 13's security review: guessing the second factor
// with the password in hand is rate-limited AND locks after 20 wrong factors in a row, with a notice to
// the work address; a right factor clears the count, an unlock (an admin's) the lock. Real services, store
// (SQLite, and PostgreSQL in the test-postgres project) and SMTP.

const PASSWORD = 'Harbour-Lantern-73!';
const una = `una.guessed@${TEST_TENANT_DOMAIN}`;
const ORIGIN: RequestOrigin = { clientIp: '192.0.2.80', userAgent: 'vitest' };

/** The portal's clock runs this far ahead of the real one: moved on so each authenticator code is a new step. */
let offset = 0;
const now = () => Date.now() + offset;

describe('security info sign-in against second-factor guessing', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let key = '';

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [{ email: una, password: PASSWORD }],
      config: {
        mail: sink.mailConfig,
        rateLimits: { perAccount: { max: 1000 }, perAddress: { max: 1000 } },
      },
      startWorker: false,
      now: () => new Date(now()),
    });
    key = await registerAuthenticator(t.portal, await recoveryUser(t.portal, una), now());
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  /** Signs in with the password: the pending session's token (a second factor is asked for). */
  async function pending(): Promise<string> {
    const signed = await t.portal.security.signIn({ email: una, password: PASSWORD, ...ORIGIN });
    if (signed.status !== 'signed_in') throw new Error(`cannot sign in: ${signed.status}`);
    return signed.session.token;
  }

  function appCodeNow(): string {
    offset += 30_000;
    return authenticatorCode(key, now());
  }

  function wrongCode(): string {
    const right = [-30_000, 0, 30_000].map((d) => authenticatorCode(key, now() + d));
    return ['000000', '111111', '222222'].find((code) => !right.includes(code)) ?? '333333';
  }

  const prove = (token: string, code: string) =>
    t.portal.security.proveFactor(token, { kind: 'totp', code }, ORIGIN);

  const lockNotices = () =>
    sink.received.filter(
      (mail) =>
        mail.to.includes(una) && decodeMail(mail.raw).includes('Subject: Sign-in to the security info'),
    );

  it('clears the count on a right factor, locks on the 20th wrong one in a row, tells the work address, and an admin unlock ends it', async () => {
    // 19 wrong, then right: not locked, and the count starts again.
    let token = await pending();
    for (let i = 0; i < 19; i += 1)
      expect(await prove(token, wrongCode())).toEqual({ status: 'refused', code: 'CODE_INVALID' });
    expect(await prove(token, appCodeNow())).toMatchObject({ status: 'ok' });

    // 20 wrong in a row: locked, and then even the right code is refused.
    token = await pending();
    for (let i = 0; i < 20; i += 1)
      expect(await prove(token, wrongCode())).toEqual({ status: 'refused', code: 'CODE_INVALID' });
    expect(await prove(token, appCodeNow())).toEqual({ status: 'refused', code: 'SECOND_FACTOR_LOCKED' });
    // Time does not lift it (consecutive failures, not a window).
    offset += 30 * 86_400_000;
    expect(await prove(await pending(), appCodeNow())).toEqual({
      status: 'refused',
      code: 'SECOND_FACTOR_LOCKED',
    });

    // The person hears of it at the work address, once, with no code in it.
    await t.portal.mailSender.runOnce();
    await waitUntil(() => lockNotices().length > 0);
    expect(lockNotices()).toHaveLength(1);
    expect(decodeMail(lockNotices()[0]?.raw ?? '')).toContain('20 wrong codes in a row');

    // An admin's unlock ends it, and says so: reported, audited, and told for the lock it was.
    expect(await unlockUser(t.portal.adminDeps, una, new Date(now()), { type: 'admin', id: 'test' })).toBe(
      true,
    );
    expect(await prove(await pending(), appCodeNow())).toMatchObject({ status: 'ok' });
    const audit = await t.portal.store.db
      .selectFrom('audit_events')
      .select('body')
      .where('username', '=', una)
      .where('event_type', '=', 'user_unlocked')
      .execute();
    expect(audit.map((row) => JSON.parse(row.body).changes)).toEqual([
      [{ field: 'second_factor_locked', from: true, to: false }],
    ]);
    const unlocked = () =>
      sink.received.filter(
        (mail) => mail.to.includes(una) && decodeMail(mail.raw).includes('account was unlocked'),
      );
    await t.portal.mailSender.runOnce();
    await waitUntil(() => unlocked().length > 0);
    const body = decodeMail(unlocked()[0]?.raw ?? '');
    expect(body).toContain('security info had been locked after too many wrong codes');
    expect(body).not.toContain('too many wrong passwords');
  });

  it("unlocks security info's lock at /reset by the person's own methods, and tells them it was that lock, not wrong passwords", async () => {
    const token = await pending();
    for (let i = 0; i < 20; i += 1)
      expect(await prove(token, wrongCode())).toEqual({ status: 'refused', code: 'CODE_INVALID' });
    expect(await prove(token, appCodeNow())).toEqual({ status: 'refused', code: 'SECOND_FACTOR_LOCKED' });

    const started = await t.portal.resets.start({ email: una, ...ORIGIN });
    if (started.status !== 'ok') throw new Error(`cannot start a reset: ${started.status}`);
    const flow = started.grant.token;
    expect(await t.portal.resets.prove(flow, { factor: 'totp', code: appCodeNow() }, ORIGIN)).toEqual({
      status: 'ok',
      complete: true,
    });
    expect(await t.portal.resets.unlock(flow, ORIGIN)).toEqual({ status: 'ok', wasLocked: true });
    expect(await prove(await pending(), appCodeNow())).toMatchObject({ status: 'ok' });

    const selfUnlocked = () =>
      sink.received.filter(
        (mail) => mail.to.includes(una) && decodeMail(mail.raw).includes('unlocked on the password portal'),
      );
    await t.portal.mailSender.runOnce();
    await waitUntil(() => selfUnlocked().length > 0);
    const body = decodeMail(selfUnlocked()[0]?.raw ?? '');
    expect(body).toContain('security info had been locked after too many wrong codes');
    expect(body).not.toContain('too many wrong passwords');
  });
});
