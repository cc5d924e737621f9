import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CATALOGUES,
  createMessages,
  ENGLISH,
  LANGUAGES,
  type Language,
  type Messages,
} from '@passgate/core/i18n';

const storage = new AsyncLocalStorage<Messages>();

const english = createMessages('en', ENGLISH);

/**
 * The wording of the request being answered (middleware/language.ts chose it). Code that words a
 * refusal (the refusal table) reads it here, so a route never threads a language through its
 * services; outside a request (CLI, workers) it is English.
 */
export function currentMessages(): Messages {
  return storage.getStore() ?? english;
}

/** Runs `work` with `messages` as the request's wording. */
export function withMessages<T>(messages: Messages, work: () => T): T {
  return storage.run(messages, work);
}

/**
 * Messages for every shipped language, with the organisation's own wording laid over them. English
 * (with its overrides) is what any missing key falls back to. Each language is built, and its
 * catalogue read, the first time a page or mail is worded in it: most processes word in few of the ten.
 */
export function buildMessages(
  overrides: Readonly<Partial<Record<string, Readonly<Record<string, string>>>>>,
): Readonly<Record<Language, Messages>> {
  const englishWords = { ...ENGLISH, ...overrides.en };
  const all = {} as Record<Language, Messages>;
  for (const language of LANGUAGES) {
    Object.defineProperty(all, language, {
      enumerable: true,
      configurable: true,
      get(): Messages {
        const messages = createMessages(
          language,
          { ...CATALOGUES[language], ...overrides[language] },
          englishWords,
        );
        Object.defineProperty(all, language, { value: messages, enumerable: true });
        return messages;
      },
    });
  }
  return all;
}
