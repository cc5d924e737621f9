import { passwordPages } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { EXPIRED_PASSWORD_PAGE_ID, isExpiredPasswordPage, shownAccount } from './expired-password-page.js';

const page = (content: string | null): Pick<Document, 'querySelector'> => ({
  querySelector: () => (content === null ? null : ({ getAttribute: () => content } as unknown as Element)),
});

describe('isExpiredPasswordPage()', () => {
  it('uses the PageID core lists for the expired-password page', () => {
    expect(passwordPages.find((entry) => entry.id === 'expired-password')?.pageId).toBe(
      EXPIRED_PASSWORD_PAGE_ID,
    );
  });

  it('recognises the ConvergedChangePassword PageID only', () => {
    expect(isExpiredPasswordPage(page('ConvergedChangePassword'))).toBe(true);
    expect(isExpiredPasswordPage(page('ConvergedSignIn'))).toBe(false);
    expect(isExpiredPasswordPage(page(null))).toBe(false);
  });
});

describe('shownAccount()', () => {
  const banner = (text: string | null): Pick<Document, 'querySelector'> => ({
    querySelector: () => (text === null ? null : ({ textContent: text } as unknown as Element)),
  });

  it('reads the account the page shows, trimmed', () => {
    expect(shownAccount(banner('  ada@contoso.com\n'))).toBe('ada@contoso.com');
  });

  it('gives nothing for a missing, empty or implausibly long name', () => {
    expect(shownAccount(banner(null))).toBeUndefined();
    expect(shownAccount(banner('  '))).toBeUndefined();
    expect(shownAccount(banner(`${'a'.repeat(300)}@contoso.com`))).toBeUndefined();
  });
});
