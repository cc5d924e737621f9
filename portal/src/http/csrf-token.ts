import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed double-submit tokens (OWASP CSRF cheat sheet, "Signed Double-Submit Cookie"):
 * a random secret lives in an HttpOnly cookie; every form carries `issuedAt.HMAC(secret, issuedAt)`.
 * A forged cross-site form cannot read the cookie, so it cannot produce a matching token, and an
 * attacker who plants a cookie still cannot sign for it without the server's key.
 */

const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Derives the CSRF signing key so it never equals the key that seals outbox payloads. */
export function deriveCsrfKey(secretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'passgate csrf token v1', 32));
}

/** A fresh cookie secret: 32 random bytes, base64url. */
export function newCsrfSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** True when a cookie value has the shape of a secret this module issued. */
export function isCsrfSecret(value: string | undefined): value is string {
  return value !== undefined && SECRET_PATTERN.test(value);
}

function signature(key: Buffer, secret: string, issuedAt: number): Buffer {
  return createHmac('sha256', key).update(`${secret}|${issuedAt}`).digest();
}

/** The token to embed in a form, bound to the cookie secret and the time it was issued. */
export function csrfTokenFor(key: Buffer, secret: string, nowMs: number): string {
  const issuedAt = Math.floor(nowMs / 1000);
  return `${issuedAt}.${signature(key, secret, issuedAt).toString('base64url')}`;
}

export type CsrfTokenCheck = 'valid' | 'malformed' | 'bad-signature' | 'expired';

/** Checks a submitted token against the cookie secret; constant-time on the signature. */
export function checkCsrfToken(
  key: Buffer,
  secret: string,
  token: string,
  nowMs: number,
  maxAgeSeconds: number,
): CsrfTokenCheck {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (match === null) return 'malformed';
  const issuedAt = Number(match[1]);
  const given = Buffer.from(match[2] ?? '', 'base64url');
  const expected = signature(key, secret, issuedAt);
  // timingSafeEqual so the comparison time says nothing about how many leading bytes were right.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
  const age = Math.floor(nowMs / 1000) - issuedAt;
  if (age < -60 || age > maxAgeSeconds) return 'expired';
  return 'valid';
}
