import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEmulatorCertificates } from '../m365-emulator/src/tls.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

const ORIGIN = { clientIp: '192.0.2.91', userAgent: 'vitest' };
const SMTP_PASSWORD = 'smtp-relay-secret-7d1e';
let secure: SmtpSink;
let plain: SmtpSink;
let t: TestPortal;
let tPlain: TestPortal;

beforeAll(async () => {
  const certs = await generateEmulatorCertificates();
  secure = await startSmtpSink({
    starttls: {
      key: certs.serverKeyPem,
      cert: certs.serverCertificatePem,
      ca: certs.caCertificatePem,
      password: SMTP_PASSWORD,
    },
  });
  plain = await startSmtpSink();
  const users = [{ email: 'tess.tls@contoso.example', password: 'Harbour-Lantern-73!' }];
  t = await startTestPortal({ users, startBackground: false, config: { mail: secure.mailConfig } });
  // A server that offers no STARTTLS, with requireTls left on: the portal must refuse to send in clear.
  tPlain = await startTestPortal({
    users,
    startBackground: false,
    config: { mail: { ...plain.mailConfig, requireTls: true } },
  });
});
afterAll(async () => {
  await t.close();
  await tPlain.close();
  await secure.stop();
  await plain.stop();
});

describe('mail over SMTP', () => {
  it('upgrades with STARTTLS, trusting the configured CA, and logs in', async () => {
    await t.portal.accounts.requestReset({ email: 'tess.tls@contoso.example', ...ORIGIN });
    expect(await t.portal.mailSender.runOnce()).toBe(1);
    const row = await t.portal.store.db
      .selectFrom('mail_queue')
      .select(['status', 'last_error'])
      .where('to_address', '=', 'tess.tls@contoso.example')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', last_error: null });
    expect(secure.received).toHaveLength(1);
    expect(secure.received[0]).toMatchObject({
      to: ['tess.tls@contoso.example'],
      secure: true,
      user: 'passgate',
    });
    expect(t.logs.join('\n')).not.toContain(SMTP_PASSWORD);
  });

  it('keeps the mail queued rather than send a link in clear when the server offers no STARTTLS', async () => {
    await tPlain.portal.accounts.requestReset({ email: 'tess.tls@contoso.example', ...ORIGIN });
    await tPlain.portal.mailSender.runOnce();
    expect(plain.received).toHaveLength(0);
    const row = await tPlain.portal.store.db
      .selectFrom('mail_queue')
      .selectAll()
      .where('to_address', '=', 'tess.tls@contoso.example')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.last_error).toMatch(/STARTTLS/i);
  });
});
