import { passwordPages } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { EXPIRED_PASSWORD_PAGE_ID, isExpiredPasswordPage } from './expired-password-page.js';

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
