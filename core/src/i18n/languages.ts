/**
 * The languages Passgate ships, each complete: a language is listed here only when every message
 * of the English catalogue has its translation (the catalogue test enforces it).
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'ja', 'ar'] as const;

export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, as a language switcher shows it (never translated). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  de: 'Deutsch',
  ar: 'العربية',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
  pt: 'Português (Brasil)',
  pl: 'Polski',
  ja: '日本語',
};

/** Scripts written right to left (https://www.w3.org/International/questions/qa-scripts). */
const RIGHT_TO_LEFT: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur']);

/** The `dir` attribute for a page in this language. */
export function textDirection(language: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
