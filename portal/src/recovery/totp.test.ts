import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { groupSecret, matchTotp, newTotpSecret, totpQrSvg, totpStep, totpUri } from './totp.js';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const at = Date.parse('2026-03-02T09:00:10Z');
const codeAt = (ms: number): string =>
  TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: ms,
  });

describe('matchTotp()', () => {
  it('accepts the code of this step and of one step either side, and says which step it was', () => {
    expect(matchTotp(secret, codeAt(at), at)).toBe(totpStep(at));
    expect(matchTotp(secret, codeAt(at - 30_000), at)).toBe(totpStep(at) - 1);
    expect(matchTotp(secret, codeAt(at + 30_000), at)).toBe(totpStep(at) + 1);
  });

  it('refuses a code two steps away, and anything that is not six digits', () => {
    expect(matchTotp(secret, codeAt(at - 60_000), at)).toBeNull();
    expect(matchTotp(secret, codeAt(at + 60_000), at)).toBeNull();
    expect(matchTotp(secret, '12345', at)).toBeNull();
    expect(matchTotp(secret, 'abcdef', at)).toBeNull();
    expect(matchTotp(secret, '', at)).toBeNull();
  });

  it('reads a code typed with a space, as apps show it', () => {
    const code = codeAt(at);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at)).toBe(totpStep(at));
  });
});

describe('newTotpSecret()', () => {
  it('makes a different 160-bit secret each time', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
    expect(groupSecret(a).split(' ')).toHaveLength(8);
  });
});

describe('totpUri() and totpQrSvg()', () => {
  it('names the organisation as issuer and the work address as the account, with SHA-1, 6 digits, 30 s', () => {
    const uri = totpUri({ issuer: 'Contoso Ltd', account: 'ann@contoso.example', secret });
    expect(uri).toBe(
      `otpauth://totp/Contoso%20Ltd:ann%40contoso.example?issuer=Contoso%20Ltd&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('draws an SVG with neither script nor style attributes (the CSP allows neither)', () => {
    const svg = totpQrSvg(totpUri({ issuer: 'Contoso', account: 'ann@contoso.example', secret }));
    expect(svg).toMatch(/^<svg /);
    expect(svg).not.toMatch(/<script|style=|on\w+=/i);
  });
});
