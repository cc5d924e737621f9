import {
  CATALOGUES,
  createMessages,
  ENGLISH,
  type Language,
  type MessageKey,
  type MessageValues,
} from '@passgate/core/i18n';

/** A message as a page in `language` words it, straight from the shipped catalogue. */
export type Words = (key: MessageKey, values?: MessageValues) => string;

/**
 * The words a person reading `language` sees, taken from the catalogue the portal words its pages
 * with: browser tests find labels, buttons and headings by these, so they follow every translation
 * and rewording instead of pinning English. (No organisation overrides: tests that set some word them.)
 */
export function wordsIn(language: Language): Words {
  const messages = createMessages(language, CATALOGUES[language], ENGLISH);
  return (key, values) => messages.t(key, values);
}
