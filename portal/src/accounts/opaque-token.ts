import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random token for a link or a cookie, URL-safe. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps instead of the token. A plain sha256 is enough (no salt, no slow hash): the
 * token is 256 random bits, so there is nothing to guess, and the lookup is by equality on the hash,
 * which also means no early-exit string comparison on the secret itself.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
