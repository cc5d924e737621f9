import { describe, expect, it } from 'vitest';
import { composeNotice, noticeTime } from './compose-notice.js';

const at = new Date('2026-03-02T09:05:00Z');
const context = {
  organisation: 'Contoso <Ltd>',
  displayName: 'Ann',
  supportText: 'Call the service desk on 555-0100.',
  supportUrl: 'https://help.contoso.example/',
  account: 'ann@contoso.example',
};

describe('composeNotice()', () => {
  it('says when (UTC), how, whose account, and what to do if it was not them', () => {
    const mail = composeNotice(
      { kind: 'password_changed', way: { kind: 'reset', proofs: ['personal_email', 'totp'] } },
      at,
      context,
    );
    expect(mail.subject).toBe('The password of your Contoso <Ltd> account was changed');
    expect(mail.text).toContain('on Monday, March 2, 2026 at 9:05:00 AM UTC.');
    expect(mail.text).toContain('(ann@contoso.example)');
    expect(mail.text).toContain(
      'proved it was you with a code sent to your personal e-mail address and a code from your authenticator app',
    );
    expect(mail.text).toContain('If this was not you');
    expect(mail.text).toContain('Call the service desk on 555-0100. https://help.contoso.example/');
    expect(mail.html).toContain('Contoso &lt;Ltd&gt;');
  });

  it('carries no link, only the support address as text', () => {
    for (const notice of [
      { kind: 'password_changed', way: { kind: 'change' } },
      { kind: 'method_changed', change: 'removed', method: 'personal_email' },
      { kind: 'account_unlocked', by: { kind: 'self', proofs: ['recovery_codes'] } },
    ] as const) {
      const mail = composeNotice(notice, at, context);
      expect(mail.html).not.toMatch(/<a |<img|src=/i);
      expect(mail.text.replaceAll('https://help.contoso.example/', '')).not.toMatch(/https?:|www\./);
      expect(mail.text).toContain('it has no link');
    }
  });

  it('names a replaced method as one change, saying the old one stopped working', () => {
    const mail = composeNotice(
      { kind: 'method_changed', change: 'replaced', method: 'recovery_codes' },
      at,
      context,
    );
    expect(mail.subject).toBe('A way to get back into your Contoso <Ltd> account was added');
    expect(mail.text).toContain('recovery codes was added to the security info');
    expect(mail.text).toContain('New recovery codes were made: the old ones no longer work.');
  });

  it('says an unlock kept the password, and who unlocked it', () => {
    const self = composeNotice(
      { kind: 'account_unlocked', by: { kind: 'self', proofs: ['work_mailbox', 'totp'] } },
      at,
      context,
    );
    expect(self.subject).toBe('Your Contoso <Ltd> account was unlocked');
    expect(self.text).toContain('a link sent to your work mailbox and a code from your authenticator app');
    expect(self.text).toContain('The password was not changed.');
    const admin = composeNotice({ kind: 'account_unlocked', by: { kind: 'admin' } }, at, context);
    expect(admin.text).toContain('Your IT support unlocked it.');
  });

  it('says IT support removed every method, which ones, and how to add them again', () => {
    const mail = composeNotice(
      { kind: 'methods_cleared', methods: ['personal_email', 'totp', 'recovery_codes'] },
      at,
      context,
    );
    expect(mail.subject).toBe('The ways to get back into your Contoso <Ltd> account were removed');
    expect(mail.text).toContain(
      'your IT support removed every way to get back in from the security info of your Contoso <Ltd> account (ann@contoso.example): a personal e-mail address, an authenticator app, and recovery codes.',
    );
    expect(mail.html).not.toMatch(/<a |<img/i);
  });

  it('tells of guessing at /reset: nothing changed, and what still works meanwhile', () => {
    const mail = composeNotice({ kind: 'reset_guessing_stopped', failures: 100 }, at, context);
    expect(mail.subject).toBe(
      'Someone is guessing codes to reset the password of your Contoso <Ltd> account',
    );
    expect(mail.text).toContain(
      "100 wrong authenticator app codes had been typed in a day on the password portal's reset page for your Contoso <Ltd> account (ann@contoso.example)",
    );
    expect(mail.text).toContain('Nothing was changed');
    expect(mail.text).toContain('prove another way first');
    expect(mail.text).toContain('a browser in which you signed in to the password portal before');
    expect(mail.text).toContain('ask your IT support');
    expect(mail.text).toContain('Call the service desk on 555-0100.');
    expect(mail.html).not.toMatch(/<a |<img|src=/i);
  });

  it('tells of codes stopped at /reset: how many, for how long, nothing changed, what still works', () => {
    const mail = composeNotice({ kind: 'reset_codes_stopped', codes: 20, minutes: 60 }, at, context);
    expect(mail.subject).toBe(
      'Someone is asking for codes to reset the password of your Contoso <Ltd> account',
    );
    expect(mail.text).toContain(
      "20 codes to reset the password of your Contoso <Ltd> account (ann@contoso.example) had been asked for on the password portal's reset page",
    );
    expect(mail.text).toContain('until 60 minutes after the first of them was asked for');
    expect(mail.text).toContain(
      'Nothing was changed: your password and your security info are as they were.',
    );
    expect(mail.text).toContain('your authenticator app, a recovery code or a passkey');
    expect(mail.text).toContain('a browser in which you signed in to the password portal before');
    expect(mail.text).toContain('never tell anyone a code mailed to you');
    expect(mail.text).toContain('Call the service desk on 555-0100.');
    // Nothing that lets anyone in: no code, no link.
    expect(mail.text).not.toMatch(/\b\d{6}\b|token=/);
    expect(mail.html).not.toMatch(/<a |<img|src=/i);
  });

  it('tells of wrong mailed codes at /reset: what rests, nothing changed, what still works, nothing to do', () => {
    const mail = composeNotice({ kind: 'reset_mailed_guessing_stopped', failures: 100 }, at, context);
    expect(mail.subject).toBe(
      'Someone is guessing e-mailed codes to reset the password of your Contoso <Ltd> account',
    );
    expect(mail.text).toContain(
      "100 wrong codes had been typed in a day on the password portal's reset page for your Contoso <Ltd> account (ann@contoso.example) in place of a code sent to your personal e-mail address",
    );
    expect(mail.text).toContain(
      'for up to a day codes are neither sent to your personal e-mail address nor taken',
    );
    expect(mail.text).toContain('Nothing was changed: your password and your security info are as they were');
    expect(mail.text).toContain('you can still sign in with your password as usual');
    // Not the app's advice (prove with a mailed code first): the ways that still work for mailed codes.
    expect(mail.text).toContain('(your authenticator app, a recovery code or a passkey)');
    expect(mail.text).not.toContain('a code sent to your personal e-mail address, a recovery code');
    expect(mail.text).toContain('a browser in which you signed in to the password portal before');
    expect(mail.text).toContain('ask your IT support');
    expect(mail.text).toContain('If it was not you, nothing needs doing');
    expect(mail.text).toContain('Never tell anyone a code mailed to you, whoever asks for it.');
    expect(mail.text).toContain('Call the service desk on 555-0100.');
    expect(mail.text).not.toMatch(/\b\d{6}\b|token=/);
    expect(mail.html).not.toMatch(/<a |<img|src=/i);
  });

  // Only someone who signed in with the password can fill the devices' ceiling: unlike the strangers'
  // notices, this one says the password is known to someone else, and to change it.
  it('tells of the devices’ codes stopped at /reset: how many, for how long, and to change the password', () => {
    const mail = composeNotice({ kind: 'reset_device_codes_stopped', codes: 40, minutes: 60 }, at, context);
    expect(mail.subject).toBe(
      'Someone who knows your password is asking for codes to reset the password of your Contoso <Ltd> account',
    );
    expect(mail.text).toContain(
      "40 codes to reset the password of your Contoso <Ltd> account (ann@contoso.example) had been asked for on the password portal's reset page, from browsers in which someone had signed in to the password portal with your password.",
    );
    expect(mail.text).toContain('until 60 minutes after the first of them was asked for');
    expect(mail.text).toContain('If it was you, nothing needs doing: nothing was changed');
    expect(mail.text).toContain(
      'If it was not you, someone else knows your password: change it now on the password portal, and tell your IT support.',
    );
    expect(mail.text).toContain('Never tell anyone a code mailed to you, whoever asks for it.');
    expect(mail.text).toContain('Call the service desk on 555-0100.');
    // Not the strangers' words: those browsers are not ones nobody signed in with.
    expect(mail.text).not.toContain('nobody had signed in');
    expect(mail.text).not.toMatch(/\b\d{6}\b|token=/);
    expect(mail.html).not.toMatch(/<a |<img|src=/i);
  });

  it('falls back to the organisation’s name when no support text is configured', () => {
    const mail = composeNotice({ kind: 'password_changed', way: { kind: 'expired' } }, at, {
      ...context,
      supportText: null,
      supportUrl: null,
    });
    expect(mail.text).toContain("Contact Contoso <Ltd>'s support.");
    expect(noticeTime(at, context)).toBe('Monday, March 2, 2026 at 9:05:00 AM UTC');
  });
});
