import { randomInt } from 'node:crypto';
import { effectiveLengthLimits, evaluatePassword, type PasswordPolicy } from '@passgate/core/policy';
import { UsageError } from './cli-error.js';

// Entra's allowed characters minus the ones people misread or mistype when a password is read out.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&*+-=?@';

/** Long enough that a policy a random password can meet is met within a few tries; the rest is refused. */
const MAX_TRIES = 1_000;

/**
 * A random password that meets `policy`, from a CSPRNG: 20 characters, or the minimum when longer, but
 * never past the effective maximum (Microsoft 365's own when enforced). Throws UsageError when no
 * password met the policy in MAX_TRIES, rather than looping for ever.
 */
export function generatePassword(policy: PasswordPolicy): string {
  const { min, max } = effectiveLengthLimits(policy);
  const length = Math.min(Math.max(20, min), max);
  for (let tries = 0; tries < MAX_TRIES; tries += 1) {
    let password = '';
    for (let i = 0; i < length; i += 1) password += ALPHABET[randomInt(ALPHABET.length)];
    if (evaluatePassword(password, policy).ok) return password;
  }
  throw new UsageError(
    `PASSWORD_NOT_GENERATED: no random ${length}-character password met the policy in ${MAX_TRIES} tries; check the policy, or give one with --password-stdin`,
  );
}
