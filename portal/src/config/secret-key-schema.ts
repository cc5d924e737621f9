import { z } from 'zod';

/** Documentation examples that people paste: refused like any other weak key. */
const KNOWN_EXAMPLE_KEYS = new Set(['0123456789abcdef'.repeat(4), 'deadbeef'.repeat(8)]);

// A random 256-bit key written as hex uses (almost surely) at least 12 of the 16 digits; a key with
// fewer distinct digits was typed by a person or built from a pattern, so its entropy is unknown.
const MIN_DISTINCT_HEX_DIGITS = 10;

/** The 256-bit key that seals outbox payloads and signs cookies, written as 64 hex characters. */
export const secretKeySchema = z
  .string({ error: 'expected a 64-character hex key (generate one with: openssl rand -hex 32)' })
  .trim()
  .regex(/^[0-9a-fA-F]{64}$/, {
    error: 'expected a 64-character hex key (generate one with: openssl rand -hex 32)',
    abort: true,
  })
  .refine((hex) => !KNOWN_EXAMPLE_KEYS.has(hex.toLowerCase()), {
    error: 'this is an example key from documentation; generate your own with: openssl rand -hex 32',
  })
  .refine((hex) => new Set(hex.toLowerCase()).size >= MIN_DISTINCT_HEX_DIGITS, {
    error: 'the key is too regular to be random; generate one with: openssl rand -hex 32',
  })
  .transform((hex) => Buffer.from(hex, 'hex'));
