import { describe, expect, it } from 'vitest';
import { composeMail } from './compose-mail.js';

const context = {
  organisation: 'Contoso <Ltd>',
  displayName: 'Ann',
  supportText: 'Call 555-0100.',
  supportUrl: null,
};

describe('composeMail()', () => {
  it('writes the link in full in both bodies, escaped in HTML, with no images or tracking', () => {
    const link = 'https://passwords.contoso.example/reset/confirm?token=abc&x=1';
    const mail = composeMail({ kind: 'reset', link, minutes: 30 }, context);
    expect(mail.subject).toBe('Reset your Contoso <Ltd> password');
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('30 minutes');
    expect(mail.html).toContain('https://passwords.contoso.example/reset/confirm?token=abc&amp;x=1');
    expect(mail.html).toContain('Contoso &lt;Ltd&gt;');
    expect(mail.html).not.toMatch(/<img|src=|url\(/i);
  });

  it('tells a suspended account to contact support and carries no link', () => {
    const mail = composeMail({ kind: 'suspended_notice' }, context);
    expect(mail.text).toContain('Call 555-0100.');
    expect(mail.text).not.toMatch(/https?:/);
  });

  it('puts a mailed code in the body only, never in the subject (subjects reach logs and lock screens)', () => {
    const mail = composeMail(
      { kind: 'email_code', code: '482913', minutes: 10, use: 'confirm_address' },
      context,
    );
    expect(mail.subject).toBe('Your Contoso <Ltd> code');
    expect(mail.text).toContain('\n482913\n');
    expect(mail.text).toContain('10 minutes');
    expect(mail.text).toContain('add this address as a way back into your Contoso <Ltd> account');
    expect(mail.text).not.toMatch(/https?:/);
  });
});
