import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { textDirection } from './languages.js';
import type en from './messages/en.json';

/** Every message key: those of the English catalogue, the source every other language follows. */
export type MessageKey = keyof typeof en;

/** One language's messages: key → ICU MessageFormat text. */
export type Catalogue = Readonly<Record<MessageKey, string>>;

/** Values an ICU message may take: numbers go through its plural and number rules. */
export type MessageValues = Readonly<Record<string, string | number | Date>>;

/** A message to be worded later, in whichever language the reader has: key and values, no words. */
export interface MessageRef {
  key: MessageKey;
  values?: MessageValues;
}

/** Wording in one language: what pages, mails and the browser island call to say anything. */
export interface Messages {
  /** The BCP 47 tag, for `lang` and Intl. */
  locale: string;
  dir: 'ltr' | 'rtl';
  t(key: MessageKey, values?: MessageValues): string;
  /** The ICU text behind a key (after the organisation's overrides), for the browser island. */
  source(key: MessageKey): string;
  /** A date (and time, when asked) in this language's usual form. */
  formatDate(date: Date, options?: Intl.DateTimeFormatOptions): string;
}

const LONG_DATE: Intl.DateTimeFormatOptions = { dateStyle: 'long' };

/**
 * Messages for one language. `catalogue` may be partial and pre-parsed (the browser island receives
 * only the keys it uses, as ICU syntax trees); a missing key falls back to `fallback` (English), and to the key itself as a last resort
 * so a gap shows instead of a blank. Each message is parsed once, on first use.
 */
export function createMessages(
  locale: string,
  catalogue: Partial<Record<string, string | MessageFormatElement[]>>,
  fallback: Partial<Record<string, string>> = {},
): Messages {
  const compiled = new Map<string, IntlMessageFormat>();
  const dateFormats = new Map<string, Intl.DateTimeFormat>();
  const source = (key: string): string => {
    const text = catalogue[key];
    return typeof text === 'string' ? text : (fallback[key] ?? key);
  };
  const format = (key: string): IntlMessageFormat => {
    let message = compiled.get(key);
    if (message === undefined) {
      // Tags stay text: a message is never markup, and "<" is one of the symbols a requirement lists.
      // A pre-parsed message (the island's) is used as is: the browser ships no ICU parser.
      message = new IntlMessageFormat(catalogue[key] ?? source(key), locale, undefined, {
        ignoreTag: true,
      });
      compiled.set(key, message);
    }
    return message;
  };
  return {
    locale,
    dir: textDirection(locale),
    source,
    t: (key, values) => String(format(key).format(values as Record<string, string | number | Date>)),
    formatDate: (date, options = LONG_DATE) => {
      // Building a DateTimeFormat costs far more than formatting with one (a mail's date was a tenth of
      // a millisecond per mail): one per set of options, kept with these messages.
      const key = JSON.stringify(options);
      let formatter = dateFormats.get(key);
      if (formatter === undefined) {
        formatter = new Intl.DateTimeFormat(locale, options);
        dateFormats.set(key, formatter);
      }
      return formatter.format(date);
    },
  };
}
