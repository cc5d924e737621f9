import type { Challenge } from 'altcha-lib';

/**
 * A proof of work a page asks the browser for: the challenge (public: parameters and their HMAC, never
 * the answer) as JSON in a `type="application/json"` block, and the island that solves it.
 */
export interface PageChallenge {
  challenge: Challenge;
  /** The challenge island's script URL, or null when it was not built (the noscript words still show). */
  islandSrc: string | null;
}

/** The form field the solution travels in: `altcha`, the name ALTCHA's own widget uses. */
export const CHALLENGE_FIELD_NAME = 'altcha';
/** The JSON block the challenge travels in, and the live region the island speaks through. */
export const CHALLENGE_DATA_ID = 'challenge-data';
export const CHALLENGE_STATUS_ID = 'challenge-status';

/**
 * What the island says in the status line while it works and when it fails, in the page's language: the
 * server puts the words on the status element as these attributes, so the island ships no catalogue.
 */
export const CHALLENGE_SAY = { checking: 'data-say-checking', failed: 'data-say-failed' } as const;
