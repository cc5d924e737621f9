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

/**
 * The language of the texts the browser shows for this UI language (chrome.i18n.getUILanguage()),
 * as a BCP 47 tag for `lang`: the browser takes the folder for language and region (pt_BR), else
 * for the language alone (de for de-AT), else default_locale (en).
 */
export function shownLanguage(uiLanguage: string): string {
  const [language = '', region = ''] = uiLanguage.replace('_', '-').toLowerCase().split('-');
  const folders = Object.values(LOCALE_FOLDERS);
  const exact = `${language}_${region.toUpperCase()}`;
  if (region !== '' && folders.includes(exact)) return `${language}-${region.toUpperCase()}`;
  if (folders.includes(language)) return language;
  return 'en';
}
