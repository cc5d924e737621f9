import { describe, expect, it } from 'vitest';
import { composeNotice } from './compose-notice.js';
import type { SecurityNotice } from './security-notice.js';

const at = new Date('2026-03-02T09:05:00Z');
const context = {
  organisation: 'Contoso',
  displayName: 'Ann',
  supportText: null,
  supportUrl: null,
  account: 'ann@contoso.example',
};

/** Every kind of notice, so that no branch is left in English. */
const NOTICES: readonly SecurityNotice[] = [
  { kind: 'password_changed', way: { kind: 'reset', proofs: ['personal_email', 'totp'] } },
  { kind: 'password_changed', way: { kind: 'change' } },
  { kind: 'password_changed', way: { kind: 'expired' } },
  { kind: 'password_change_undone' },
  { kind: 'password_change_given_up' },
  { kind: 'method_changed', change: 'added', method: 'totp' },
  { kind: 'method_changed', change: 'removed', method: 'passkey' },
  { kind: 'method_changed', change: 'replaced', method: 'recovery_codes' },
  { kind: 'methods_cleared', methods: ['personal_email', 'recovery_codes'] },
  { kind: 'account_unlocked', by: { kind: 'self', proofs: ['work_mailbox'] }, locks: ['second_factor'] },
  { kind: 'account_unlocked', by: { kind: 'admin' } },
  { kind: 'second_factor_locked', failures: 5 },
  { kind: 'reset_guessing_stopped', failures: 100 },
  { kind: 'reset_codes_stopped', codes: 20, minutes: 60 },
  { kind: 'reset_mailed_guessing_stopped', failures: 100 },
  { kind: 'reset_mailed_guessing_stopped', failures: 1 },
  { kind: 'reset_device_codes_stopped', codes: 40, minutes: 60 },
  { kind: 'reset_device_codes_stopped', codes: 1, minutes: 1 },
];

/** English words the notices use, none of which a translation would keep. */
const ENGLISH = /\b(the|your|were|been|with|that|this|if|nothing|changed|unlocked|someone)\b/i;

describe('composeNotice() in the person’s language', () => {
  it('writes a German notice: subject, body, the date in German, the HTML part marked de', () => {
    const mail = composeNotice(
      { kind: 'password_changed', way: { kind: 'reset', proofs: ['personal_email', 'totp'] } },
      at,
      { ...context, language: 'de' },
    );
    expect(mail.subject).toBe('Das Kennwort Ihres Kontos bei Contoso wurde geändert');
    expect(mail.text).toContain('Hallo Ann,');
    expect(mail.text).toContain(
      'Das Kennwort Ihres Kontos bei Contoso (ann@contoso.example) wurde am Montag, 2. März 2026',
    );
    expect(mail.text).toContain('UTC');
    expect(mail.text).toContain(
      'mit einem Code, der an Ihre private E-Mail-Adresse gesendet wurde und einem Code aus Ihrer Authentifizierungs-App nachgewiesen',
    );
    expect(mail.text).toContain('Wenden Sie sich an den Support von Contoso.');
    expect(mail.text).toContain('Sie enthält keinen Link');
    expect(mail.html).toMatch(/<html lang="de" dir="ltr">/);
  });

  it('writes an Arabic notice right to left, subject and body', () => {
    const mail = composeNotice({ kind: 'account_unlocked', by: { kind: 'admin' } }, at, {
      ...context,
      language: 'ar',
    });
    expect(mail.subject).toBe('تم إلغاء تأمين حسابك لدى Contoso');
    expect(mail.text).toContain(
      'تم إلغاء تأمين حسابك لدى Contoso (ann@contoso.example) في الاثنين، 2 مارس 2026',
    );
    expect(mail.text).toContain('ألغى الدعم الفني تأمينه.');
    expect(mail.html).toMatch(/<html lang="ar" dir="rtl">/);
  });

  it.each(['de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'ja', 'ar'] as const)(
    'leaves no English in any kind of notice in %s',
    (language) => {
      for (const notice of NOTICES) {
        const mail = composeNotice(notice, at, { ...context, language });
        // The account, organisation and "Microsoft 365" are names, the same in every language.
        const words = `${mail.subject}\n${mail.text}`
          .replaceAll('ann@contoso.example', '')
          .replaceAll('Microsoft 365', '');
        expect(words, `${language} ${JSON.stringify(notice)}`).not.toMatch(ENGLISH);
      }
    },
  );

  it('writes English when the context names no language', () => {
    const mail = composeNotice({ kind: 'password_change_undone' }, at, context);
    expect(mail.subject).toBe('The password change of your Contoso account did not take effect');
    expect(mail.html).toMatch(/<html lang="en" dir="ltr">/);
  });
});
