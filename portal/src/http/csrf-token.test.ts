import { describe, expect, it } from 'vitest';
import { checkCsrfToken, csrfTokenFor, deriveCsrfKey, isCsrfSecret, newCsrfSecret } from './csrf-token.js';

const key = deriveCsrfKey(Buffer.alloc(32, 3));
const now = Date.parse('2026-03-01T12:00:00Z');

describe('csrfTokenFor()', () => {
  it('makes tokens that check out for the same secret only', () => {
    const secret = newCsrfSecret();
    expect(isCsrfSecret(secret)).toBe(true);
    const token = csrfTokenFor(key, secret, now);
    expect(checkCsrfToken(key, secret, token, now, 60)).toBe('valid');
    expect(checkCsrfToken(key, newCsrfSecret(), token, now, 60)).toBe('bad-signature');
    expect(checkCsrfToken(deriveCsrfKey(Buffer.alloc(32, 4)), secret, token, now, 60)).toBe('bad-signature');
  });

  it('refuses malformed and expired tokens', () => {
    const secret = newCsrfSecret();
    expect(checkCsrfToken(key, secret, 'garbage', now, 60)).toBe('malformed');
    expect(checkCsrfToken(key, secret, csrfTokenFor(key, secret, now), now + 61_000, 60)).toBe('expired');
  });

  it('refuses a signature with any single bit changed', () => {
    const secret = newCsrfSecret();
    const [issuedAt, signature] = csrfTokenFor(key, secret, now).split('.');
    const bytes = Buffer.from(signature ?? '', 'base64url');
    for (let bit = 0; bit < bytes.length * 8; bit += 1) {
      const tampered = Buffer.from(bytes);
      tampered.writeUInt8(tampered.readUInt8(bit >> 3) ^ (1 << (bit & 7)), bit >> 3);
      const token = `${issuedAt}.${tampered.toString('base64url')}`;
      expect(checkCsrfToken(key, secret, token, now, 60)).toBe('bad-signature');
    }
  });

  it('does not let a token be re-dated', () => {
    const secret = newCsrfSecret();
    const [, signature] = csrfTokenFor(key, secret, now).split('.');
    const redated = `${Math.floor(now / 1000) + 3600}.${signature}`;
    expect(checkCsrfToken(key, secret, redated, now + 3_600_000, 60)).toBe('bad-signature');
  });

  it('derives a key different from the secret key it came from', () => {
    expect(deriveCsrfKey(Buffer.alloc(32, 3)).equals(Buffer.alloc(32, 3))).toBe(false);
  });
});
