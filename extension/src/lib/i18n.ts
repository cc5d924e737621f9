import { textDirection } from '@passgate/core/i18n/browser';
import { ext } from './ext.js';
import { chromeMessageName, LANGUAGE_MESSAGE, type MessageKey } from './message-key.js';

export type { MessageKey } from './message-key.js';

/**
 * A text in the browser's language, from `_locales/<language>/messages.json` (English when the
 * language has none); the key itself if even that is missing, so a gap shows instead of a blank.
 */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return ext.i18n.getMessage(chromeMessageName(key), substitutions) || key;
}

/**
 * `lang` and `dir` for a page or notice: those of the texts t() gives (the language message of the
 * same `_locales` file), so Arabic lays out right to left.
 */
export function textLanguage(): { lang: string; dir: 'ltr' | 'rtl' } {
  const lang = ext.i18n.getMessage(LANGUAGE_MESSAGE) || 'en';
  return { lang, dir: textDirection(lang) };
}
