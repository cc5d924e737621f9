import { AsyncLocalStorage } from 'node:async_hooks';
import { CATALOGUES, createMessages, ENGLISH, type Language, type Messages } from '@passgate/core/i18n';

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
 * Messages for every shipped language, with the organisation's own wording laid over them; built
 * once at start. English (with its overrides) is what any missing key falls back to.
 */
export function buildMessages(
  overrides: Readonly<Partial<Record<string, Readonly<Record<string, string>>>>>,
): Readonly<Record<Language, Messages>> {
  const englishWords = { ...ENGLISH, ...overrides.en };
  const all = {} as Record<Language, Messages>;
  for (const [language, catalogue] of Object.entries(CATALOGUES) as [Language, Record<string, string>][]) {
    all[language] = createMessages(language, { ...catalogue, ...overrides[language] }, englishWords);
  }
  return all;
}
