import { type EffectiveSettings, managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { expiredPasswordQuery } from '../lib/expired-password-page.js';

const EXPIRED_PASSWORD_QUERY = expiredPasswordQuery(undefined);

import { answerContentScript } from './answer-content-script.js';

const settings: EffectiveSettings = { ...managedSettingsDefaults, portalUrl: 'https://pw.example.com' };
const url = 'https://login.microsoftonline.com/common/login';
const ownScript = { id: 'self', url, tab: { id: 1 } };

describe('answerContentScript()', () => {
  it("answers the extension's own content script with the action for the page the browser reports", () => {
    expect(answerContentScript(EXPIRED_PASSWORD_QUERY, ownScript, 'self', settings)).toEqual({
      type: 'notice',
      portalChangeUrl: `https://pw.example.com/change?from=${encodeURIComponent(url)}`,
    });
  });

  it('ignores other extensions, senders outside a tab and other messages', () => {
    expect(
      answerContentScript(EXPIRED_PASSWORD_QUERY, { ...ownScript, id: 'other' }, 'self', settings),
    ).toBeUndefined();
    expect(
      answerContentScript(EXPIRED_PASSWORD_QUERY, { id: 'self', url }, 'self', settings),
    ).toBeUndefined();
    expect(answerContentScript({ type: 'something-else' }, ownScript, 'self', settings)).toBeUndefined();
    expect(answerContentScript(null, ownScript, 'self', settings)).toBeUndefined();
  });

  it('does nothing for a page that is not on Microsoft sign-in', () => {
    const sender = { ...ownScript, url: 'https://evil.example/login' };
    expect(answerContentScript(EXPIRED_PASSWORD_QUERY, sender, 'self', settings)).toEqual({ type: 'none' });
  });

  it('answers on every sign-in host of the selected clouds, and only those', () => {
    const us = { ...ownScript, url: 'https://login.microsoftonline.us/common/login' };
    expect(answerContentScript(EXPIRED_PASSWORD_QUERY, us, 'self', settings)).toEqual({ type: 'none' });
    expect(
      answerContentScript(EXPIRED_PASSWORD_QUERY, us, 'self', { ...settings, clouds: ['usgov'] })?.type,
    ).toBe('notice');
    const windows = { ...ownScript, url: 'https://login.windows.net/common/login' };
    expect(answerContentScript(EXPIRED_PASSWORD_QUERY, windows, 'self', settings)?.type).toBe('notice');
  });
});

describe('answerContentScript() with the account the page shows', () => {
  const own = { ...settings, tenantDomains: ['contoso.com'] };

  it("leaves another tenant's account with Microsoft, and sends the organisation's own", () => {
    expect(answerContentScript(expiredPasswordQuery('guest@fabrikam.com'), ownScript, 'self', own)).toEqual({
      type: 'guest',
    });
    expect(answerContentScript(expiredPasswordQuery('ada@contoso.com'), ownScript, 'self', own)?.type).toBe(
      'notice',
    );
  });

  it('ignores an account that is not a plausible name', () => {
    const odd = { type: expiredPasswordQuery(undefined).type, account: { toString: () => 'x@fabrikam.com' } };
    expect(answerContentScript(odd, ownScript, 'self', own)?.type).toBe('notice');
  });
});
