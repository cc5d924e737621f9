import { readFileSync } from 'node:fs';
import type { Catalogue } from './create-messages.js';
import { ENGLISH } from './english.js';
import { LANGUAGES, type Language } from './languages.js';

/**
 * Every shipped catalogue, one JSON file per language (core/src/i18n/messages/*.json). Server
 * side only: the browser island receives just the keys it shows, for the page's language.
 *
 * Each language other than English is read and parsed the first time it is asked for, then kept:
 * a process that never words anything in Japanese (the CLI, the drift sweep, most portals) does not
 * hold Japanese, and starting does not parse ten files. English is the fallback of every language,
 * so it is always loaded. The catalogue test (test/integration/i18n-catalogue.test.ts) checks every
 * file has exactly English's keys, which the JSON imports used to check at compile time.
 */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = lazyCatalogues();

function lazyCatalogues(): Readonly<Record<Language, Catalogue>> {
  const catalogues = {} as Record<Language, Catalogue>;
  for (const language of LANGUAGES) {
    if (language === 'en') {
      Object.defineProperty(catalogues, language, { value: ENGLISH, enumerable: true });
      continue;
    }
    Object.defineProperty(catalogues, language, {
      enumerable: true,
      configurable: true,
      get(): Catalogue {
        const catalogue = readCatalogue(language);
        // From now on a plain value: later reads cost nothing.
        Object.defineProperty(catalogues, language, { value: catalogue, enumerable: true });
        return catalogue;
      },
    });
  }
  return catalogues;
}

/** The file sits beside this module, in src/ and in dist/ (core/tsconfig.json includes the JSON files). */
function readCatalogue(language: Language): Catalogue {
  const file = new URL(`./messages/${language}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
}
