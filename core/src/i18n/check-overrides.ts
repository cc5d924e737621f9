import { ENGLISH } from './english.js';
import { isLanguage } from './languages.js';
import { messagePlaceholders } from './message-placeholders.js';

/** One problem with an organisation's own wording, naming the language and key. */
export interface OverrideProblem {
  language: string;
  /** The message key, or null when the language itself is the problem. */
  key: string | null;
  message: string;
}

/**
 * Checks an organisation's message overrides (`messages: { de: { key: "…" } }` in the config):
 * each language must be shipped, each key must exist, and each text must be valid ICU that uses
 * exactly the placeholders of the original (a missing `{minutes}` would leave a person guessing).
 */
export function checkMessageOverrides(
  overrides: Readonly<Record<string, Readonly<Record<string, string>>>>,
): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  for (const [language, messages] of Object.entries(overrides)) {
    if (!isLanguage(language)) {
      problems.push({ language, key: null, message: `"${language}" is not a shipped language` });
      continue;
    }
    for (const [key, text] of Object.entries(messages)) {
      const original = (ENGLISH as Readonly<Record<string, string>>)[key];
      if (original === undefined) {
        problems.push({
          language,
          key,
          message: `"${key}" is not a message key (see core/src/i18n/messages/en.json)`,
        });
        continue;
      }
      let names: string[];
      try {
        names = messagePlaceholders(text);
      } catch (error) {
        problems.push({
          language,
          key,
          message: `not valid ICU MessageFormat (${(error as Error).message})`,
        });
        continue;
      }
      const expected = messagePlaceholders(original);
      if (names.join(',') !== expected.join(',')) {
        problems.push({
          language,
          key,
          message: `expected the placeholders ${expected.length === 0 ? '(none)' : expected.map((n) => `{${n}}`).join(' ')}, got ${names.length === 0 ? '(none)' : names.map((n) => `{${n}}`).join(' ')}`,
        });
      }
    }
  }
  return problems;
}
