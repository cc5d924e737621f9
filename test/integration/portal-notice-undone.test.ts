import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// Issue 13's review, finding 7a: a person told "queued" gets a "password changed" notice; when Microsoft
// 365 then refuses that password, a follow-up says the change did not take effect. A notice not yet sent
// is withdrawn, and the follow-up still goes: the page said "queued". Real portal, emulator (HTTPS),
// store and SMTP.

const OLD = 'Harbour-Lantern-73!';
const NEW = 'Tidal-Compass-Ridge-88!';
const vic = `vic.told@${TEST_TENANT_DOMAIN}`;
const wes = `wes.withdrawn@${TEST_TENANT_DOMAIN}`;
const origin = { clientIp: '192.0.2.90', userAgent: 'vitest' };

describe('a password refused after "queued"', () => {
  let t: TestPortal;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [
        { email: vic, password: OLD },
        { email: wes, password: OLD },
      ],
      // No wait for Microsoft 365: every change is answered "queued", whatever the machine's speed.
      config: { mail: sink.mailConfig, sync: { changeWaitMs: 0 } },
      startWorker: false,
    });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  const mails = (to: string, subject: string) =>
    sink.received.filter(
      (mail) => mail.to.includes(to) && decodeMail(mail.raw).includes(`Subject: ${subject}`),
    );
  const refuseNextPassword = () =>
    t.emulator.injectFaults({
      kind: 'graphError',
      status: 400,
      code: 'Request_BadRequest',
      count: 1,
      pathPrefix: '/v1.0/users/',
    });

  it('follows a sent "password changed" notice with one saying the change did not take effect', async () => {
    const outcome = await t.portal.accounts.changePassword({
      ...origin,
      email: vic,
      currentPassword: OLD,
      newPassword: NEW,
    });
    expect(outcome).toMatchObject({ status: 'queued' });
    await t.portal.mailSender.runOnce();
    await waitUntil(() => mails(vic, 'The password of your Passgate account was changed').length === 1);

    refuseNextPassword();
    await t.portal.worker.runOnce();
    expect(t.emulator.verifyPassword(t.tenantId, vic, OLD)).toBe(true);

    const subject = 'The password change of your Passgate account did not take effect';
    await waitUntil(async () => {
      await t.portal.mailSender.runOnce();
      return mails(vic, subject).length === 1;
    });
    const body = decodeMail(mails(vic, subject)[0]?.raw ?? '');
    expect(body).toContain('Your password is unchanged');
    expect(body).not.toContain(NEW);
  });

  it('withdraws a notice not yet sent, and still says the change did not take effect', async () => {
    const outcome = await t.portal.accounts.changePassword({
      ...origin,
      email: wes,
      currentPassword: OLD,
      newPassword: NEW,
    });
    expect(outcome).toMatchObject({ status: 'queued' });
    // The mail sender is behind: the "changed" notice has not gone out when Microsoft 365 refuses.
    refuseNextPassword();
    await t.portal.worker.runOnce();
    const undone = 'The password change of your Passgate account did not take effect';
    await waitUntil(async () => {
      await t.portal.mailSender.runOnce();
      return mails(wes, undone).length === 1;
    });
    // Before, nothing at all reached the person, whose page had said the change was on its way.
    expect(mails(wes, 'The password of your Passgate account was changed')).toEqual([]);
  });
});
