import { randomInt } from 'node:crypto';
import { evaluatePassword, type PasswordPolicy } from '@passgate/core/policy';

// Entra's allowed characters minus the ones people misread or mistype when a password is read out.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&*+-=?@';

/** A random password that meets `policy` (at least 20 characters, from a CSPRNG). */
export function generatePassword(policy: PasswordPolicy): string {
  const length = Math.max(20, policy.minLength);
  for (;;) {
    let password = '';
    for (let i = 0; i < length; i += 1) password += ALPHABET[randomInt(ALPHABET.length)];
    if (evaluatePassword(password, policy).ok) return password;
  }
}
