import type { Payload } from 'altcha-lib';
import { z } from 'zod';
import { BOT_CHALLENGE_ALGORITHM } from './challenge-algorithm.js';

/** Far above any payload the portal's island sends (~700 characters); longer is not one of ours. */
const MAX_PAYLOAD_CHARACTERS = 4_096;

const hex = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^(?:[0-9a-f]{2})+$/);

// Strict objects: the challenge's HMAC covers its parameters exactly as they were issued, so nothing is
// dropped or added on the way (a stripped key would make a good solution fail, an extra one a bad pass).
const payloadSchema = z.strictObject({
  challenge: z.strictObject({
    parameters: z.strictObject({
      algorithm: z.literal(BOT_CHALLENGE_ALGORITHM),
      nonce: hex(2, 128),
      salt: hex(2, 128),
      cost: z.number().int().min(1).max(10_000_000),
      keyLength: z.number().int().min(1).max(64),
      keyPrefix: hex(2, 128),
      keySignature: hex(2, 128),
      expiresAt: z.number().int().positive(),
    }),
    signature: hex(2, 128),
  }),
  solution: z.strictObject({
    counter: z.number().int().min(0).max(0xffffffff),
    derivedKey: hex(2, 128),
    time: z.number().nonnegative().optional(),
  }),
});

export type ChallengePayload = z.output<typeof payloadSchema> & Payload;

/**
 * The `altcha` field as a form schema takes it: any text, judged later by readChallengePayload(), so a
 * bad one is answered CHALLENGE_FAILED and not as a form problem no field on the page could show.
 */
export const challengeSolutionField = z.string().optional().catch(undefined);

/**
 * Reads the form's `altcha` field: base64 of the JSON { challenge, solution }, the format ALTCHA's own
 * widget sends. Null for anything else (not base64, not JSON, not that shape): a refusal, never a throw.
 */
export function readChallengePayload(field: string): ChallengePayload | null {
  if (field.length > MAX_PAYLOAD_CHARACTERS || !/^[A-Za-z0-9+/]+={0,2}$/.test(field)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(field, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
