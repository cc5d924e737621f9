import type { Catalogue } from './create-messages.js';
import en from './messages/en.json' with { type: 'json' };

/** The English catalogue: the source every language follows, and what a missing key falls back to. */
export const ENGLISH: Catalogue = en;
