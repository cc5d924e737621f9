import type messages from '../../public/_locales/en/messages.json';
import { ext } from './ext.js';

/** The keys of _locales/en/messages.json: a text that is not there fails to compile. */
export type MessageKey = keyof typeof messages;

/**
 * A text in the browser's language, from `_locales/<language>/messages.json` (English when the
 * language has none); the key itself if even that is missing, so a gap shows instead of a blank.
 */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return ext.i18n.getMessage(key, substitutions) || key;
}
