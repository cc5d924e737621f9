import { createHmac, hkdfSync } from 'node:crypto';

/** What the database keeps of a recovery code or a mailed code: never the code itself. */
export interface CodeHasher {
  /** The stored form of one recovery code (already normalised) of this person. */
  recoveryCode(userId: string, code: string): string;
  /** The stored form of a mailed code for this person and purpose. */
  emailCode(userId: string, purpose: string, code: string): string;
}

/**
 * Keyed HMAC-SHA256, not argon2, and that is deliberate:
 * - A recovery code carries 60 random bits (12 characters of a 32-letter alphabet), not a human choice:
 *   there is no dictionary to walk, so a slow hash buys nothing against a guesser online (who is rate
 *   limited and locked out long before), and offline the key is the barrier: it is derived from the
 *   portal's secretKey, which never sits in the database, so a stolen database (or backup) alone lets
 *   nobody test a single guess. Even with the key as well, 2^60 / 10 HMACs per person is months of GPU
 *   time; and whoever holds the key can already open the sealed authenticator secrets.
 * - A keyed hash is found by equality, so a code is checked with ONE indexed lookup and spent with one
 *   conditional UPDATE (store/port), instead of up to ten argon2 verifies (each ~12 ms of the portal's
 *   scarcest resource, see shared/reference/packages.md) per attempt, which would make every wrong guess
 *   a cheap way to burn the server's CPU.
 * - A mailed code has only 10^6 values, but lives 10 minutes and allows 5 tries: its hash protects the
 *   code in a database copy during those minutes, which the secret key does too.
 * The user id (and purpose) is part of the message: the same code of two people hashes differently.
 */
export function createCodeHasher(secretKey: Buffer): CodeHasher {
  const key = (label: string): Buffer =>
    Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), `passgate/codes/v1/${label}`, 32));
  const recoveryKey = key('recovery-code');
  const emailKey = key('email-code');
  const mac = (k: Buffer, parts: string[]): string =>
    createHmac('sha256', k).update(parts.join('\n'), 'utf8').digest('hex');
  return {
    recoveryCode: (userId, code) => mac(recoveryKey, [userId, code]),
    emailCode: (userId, purpose, code) => mac(emailKey, [userId, purpose, code]),
  };
}
