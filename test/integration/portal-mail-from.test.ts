import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

const ORGANISATION = 'Acme, Inc. (IT) <x@evil.example>';
let sink: SmtpSink;
let t: TestPortal;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestPortal({
    users: [{ email: 'fred.from@contoso.example', password: 'Harbour-Lantern-73!' }],
    startBackground: false,
    config: { mail: sink.mailConfig, organisation: { name: ORGANISATION } },
  });
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

/** One header of a raw message, unfolded (RFC 5322 2.2.3). */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const match = new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(head);
  return match?.[1]?.replace(/\r?\n[ \t]/g, ' ');
}

describe('mail sender', () => {
  it('sends from the configured address, with an organisation name full of punctuation as its name', async () => {
    await t.portal.accounts.requestReset({
      email: 'fred.from@contoso.example',
      clientIp: '192.0.2.40',
      userAgent: 'vitest',
    });
    expect(await t.portal.mailSender.runOnce()).toBe(1);
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0];
    expect(mail?.from).toBe('passwords@contoso.example');
    // A quoted-string display name: commas, parentheses and <…> inside it are only text.
    expect(header(mail?.raw ?? '', 'From')).toBe(
      '"Acme, Inc. (IT) <x@evil.example>" <passwords@contoso.example>',
    );
  });
});
