import { ENGLISH, type MessageKey } from '@passgate/core/i18n/browser';

/** The messages the password fields can show while the person types: all the island is sent. */
const ISLAND_KEY = /^(requirement|requirements|strength|match|field|form\.missing)\./;

/** Every key the password-fields island may word, in the catalogue's order. */
export const ISLAND_MESSAGE_KEYS: readonly MessageKey[] = (Object.keys(ENGLISH) as MessageKey[]).filter(
  (key) => ISLAND_KEY.test(key),
);
