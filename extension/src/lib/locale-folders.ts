import type { Language } from '@passgate/core/i18n/browser';

/**
 * The `_locales` folder of each language Passgate ships, in the names Chrome and Firefox know
 * (https://developer.chrome.com/docs/extensions/reference/api/i18n#locales): Brazilian Portuguese is
 * `pt_BR`, the others their bare language code. scripts/extension-locales.ts writes one per language.
 */
export const LOCALE_FOLDERS: Readonly<Record<Language, string>> = {
  en: 'en',
  de: 'de',
  fr: 'fr',
  es: 'es',
  it: 'it',
  nl: 'nl',
  pt: 'pt_BR',
  pl: 'pl',
  ja: 'ja',
  ar: 'ar',
};
