import { describe, expect, it } from 'vitest';
import { composeMail } from './compose-mail.js';

const context = {
  organisation: 'Contoso',
  displayName: 'Adele Vance',
  supportText: 'Call 1234.',
  supportUrl: null,
};
const notice = {
  changedAt: new Date('2026-03-02T09:00:05Z'),
  how: 'Reset password (by admin)',
  signInUrl: 'https://passwords.contoso.example/signin',
  resetUrl: 'https://passwords.contoso.example/reset',
};

describe('composeMail() for drift', () => {
  it('tells an expired person what happened and both ways to a new portal password', () => {
    const mail = composeMail({ kind: 'drift_expired', ...notice }, context);
    expect(mail.subject).toBe('Your Contoso password was changed outside the password portal');
    expect(mail.text).toContain(
      'changed in Microsoft 365 on Monday, March 2, 2026 at 9:00:05 AM UTC ("Reset password (by admin)")',
    );
    expect(mail.text).toContain(notice.signInUrl);
    expect(mail.text).toContain(notice.resetUrl);
    expect(mail.text).toContain('tell support at once. Call 1234.');
    expect(mail.text).not.toContain('blocked');
    // No flag: not suspended.
    expect(mail.text).not.toContain('suspended');
  });

  it('tells a blocked person that Microsoft 365 sign-in waits for the new password', () => {
    const mail = composeMail({ kind: 'drift_blocked', ...notice, how: null }, context);
    expect(mail.text).toContain('signing in to Microsoft 365 is blocked until you choose it');
    expect(mail.text).not.toContain('("');
  });

  it('tells a suspended person the new password waits for the suspension to be lifted, with no link', () => {
    const mail = composeMail({ kind: 'drift_expired', ...notice, suspended: true }, context);
    expect(mail.subject).toBe('Your Contoso password was changed outside the password portal');
    expect(mail.text).toContain('changed in Microsoft 365 on Monday, March 2, 2026 at 9:00:05 AM UTC');
    expect(mail.text).toContain(
      'Your account is suspended, so you cannot sign in to the portal for now. When IT support lifts the suspension, you will be asked to choose a new password through the portal.',
    );
    expect(mail.text).toContain('tell support at once. Call 1234.');
    // Both pages refuse a suspended person (ACCOUNT_SUSPENDED): the mail must not send them there.
    for (const content of [mail.text, mail.html]) {
      expect(content).not.toContain('/signin');
      expect(content).not.toContain('/reset');
      expect(content).not.toContain('blocked');
    }
  });

  it('tells a suspended, blocked person that Microsoft 365 sign-in stays blocked until that password', () => {
    const mail = composeMail({ kind: 'drift_blocked', ...notice, suspended: true }, context);
    expect(mail.text).toContain(
      'you will be asked to choose a new password through the portal, and signing in to Microsoft 365 stays blocked until you choose it.',
    );
    expect(mail.text).toContain('("Reset password (by admin)")');
    expect(mail.text).not.toContain('/signin');
    expect(mail.text).not.toContain('/reset');
  });

  it('says "suspended" in the person\'s language', () => {
    const mail = composeMail(
      { kind: 'drift_blocked', ...notice, suspended: true },
      { ...context, language: 'de' },
    );
    expect(mail.text).toContain('Ihr Konto ist deaktiviert');
    expect(mail.text).toContain('die Anmeldung bei Microsoft 365 bleibt gesperrt');
    expect(mail.text).not.toContain('/signin');
  });

  it('lists drifts for the admins, escaping names an app registration chose', () => {
    const mail = composeMail(
      {
        kind: 'drift_alert',
        drifts: [
          {
            email: 'lee@contoso.example',
            tenant: 'contoso',
            changedAt: new Date('2026-03-02T09:00:05Z'),
            activity: 'Reset password',
            actor: '<b>HR</b> (app f00d)',
            action: 'blocked',
          },
        ],
        more: 2,
      },
      { ...context, displayName: null },
    );
    expect(mail.subject).toBe('Contoso: 3 passwords changed in Microsoft 365 outside the portal');
    expect(mail.text).toContain(
      'lee@contoso.example (tenant contoso): changed Monday, March 2, 2026 at 9:00:05 AM UTC by <b>HR</b> (app f00d), "Reset password"; expired, Microsoft 365 sign-in blocked.',
    );
    expect(mail.text).toContain('…and 2 more');
    expect(mail.html).toContain('&lt;b&gt;HR&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>HR');
  });

  it("writes the admins' digest in the language it is given (the organisation's default)", () => {
    const mail = composeMail(
      {
        kind: 'drift_alert',
        drifts: [
          {
            email: 'lee@contoso.example',
            tenant: 'contoso',
            changedAt: new Date('2026-03-02T09:00:05Z'),
            activity: null,
            actor: null,
            action: null,
          },
        ],
        more: 0,
      },
      { ...context, displayName: null, language: 'de' },
    );
    expect(mail.subject).toBe('Contoso: 1 Kennwort außerhalb des Portals in Microsoft 365 geändert');
    expect(mail.text).toContain(
      'lee@contoso.example (Mandant contoso): geändert am Montag, 2. März 2026 um 09:00:05 UTC von jemandem (das Überwachungsprotokoll konnte nicht sagen, von wem); nur gemeldet.',
    );
    expect(mail.text).not.toContain('more');
    expect(mail.html).toMatch(/<html lang="de" dir="ltr">/);
  });
});
