import { describe, expect, it } from 'vitest';
import { isOwnAccount } from './own-account.js';

describe('isOwnAccount()', () => {
  const domains = ['contoso.com', 'contoso.co.uk'];

  it("recognises the organisation's accounts, in any case", () => {
    expect(isOwnAccount('ada@contoso.com', domains)).toBe(true);
    expect(isOwnAccount('Ada.Lovelace@CONTOSO.CO.UK', domains)).toBe(true);
  });

  it('leaves out guests, consultants and look-alike domains', () => {
    expect(isOwnAccount('guest@fabrikam.com', domains)).toBe(false);
    expect(isOwnAccount('ada@sub.contoso.com', domains)).toBe(false);
    expect(isOwnAccount('ada@contoso.com.evil.example', domains)).toBe(false);
  });

  it('counts every account, or one shown without a domain, when no domains are configured', () => {
    expect(isOwnAccount('guest@fabrikam.com', [])).toBe(true);
    expect(isOwnAccount('ada', domains)).toBe(true);
  });
});
