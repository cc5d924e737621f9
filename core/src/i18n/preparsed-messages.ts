import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { MessageKey, Messages, MessageValues } from './create-messages.js';
import { textDirection } from './languages.js';

/** FormatJS's element types (TYPE in @formatjs/icu-messageformat-parser), as numbers in the JSON. */
const LITERAL = 0;
const ARGUMENT = 1;
const NUMBER = 2;
const DATE = 3;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const POUND = 7;

/** intl-messageformat's named styles (`IntlMessageFormat.formats`), so `{n, number, percent}` reads the same. */
const NUMBER_STYLES: Record<string, Intl.NumberFormatOptions> = {
  integer: { maximumFractionDigits: 0 },
  currency: { style: 'currency' },
  percent: { style: 'percent' },
};
const DATE_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  short: { month: 'numeric', day: 'numeric', year: '2-digit' },
  medium: { month: 'short', day: 'numeric', year: 'numeric' },
  long: { month: 'long', day: 'numeric', year: 'numeric' },
  full: { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' },
};
const TIME_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  short: { hour: 'numeric', minute: 'numeric' },
  medium: { hour: 'numeric', minute: 'numeric', second: 'numeric' },
  long: { hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short' },
  full: { hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short' },
};

type Style =
  | string
  | { parsedOptions: Intl.NumberFormatOptions & Intl.DateTimeFormatOptions & { scale?: number } };

function styleOptions<T>(style: Style | null | undefined, named: Record<string, T>): T | undefined {
  if (style == null) return undefined;
  return typeof style === 'string' ? named[style] : (style.parsedOptions as T);
}

function pick<T>(options: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(options, key) ? options[key] : undefined;
}

/**
 * Formats one message the server pre-parsed, in the browser: the part of intl-messageformat's
 * formatToParts that ICU trees without tags need (the server parses with `ignoreTag`), step for step,
 * so the browser says exactly what the server would (preparsed-messages.test.ts compares every
 * message in every language). intl-messageformat itself would add ~7 KB to the browser's bundle.
 */
function formatElements(
  elements: readonly MessageFormatElement[],
  locale: string,
  values: MessageValues,
  pound?: number,
): string {
  let out = '';
  for (const element of elements) {
    if (element.type === LITERAL) {
      out += element.value;
      continue;
    }
    if (element.type === POUND) {
      if (pound !== undefined) out += new Intl.NumberFormat(locale).format(pound);
      continue;
    }
    if (element.type === 8) throw new Error('tags are not formatted: messages are parsed with ignoreTag');
    if (!(element.value in values)) throw new Error(`the value "${element.value}" is missing`);
    const value = values[element.value] as string | number | Date;
    if (element.type === ARGUMENT) {
      out += typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    } else if (element.type === NUMBER) {
      const options = styleOptions<Intl.NumberFormatOptions & { scale?: number }>(
        element.style as Style,
        NUMBER_STYLES,
      );
      const scaled = options?.scale ? (value as number) * options.scale : (value as number);
      out += new Intl.NumberFormat(locale, options).format(scaled);
    } else if (element.type === DATE || element.type === TIME) {
      const named = element.type === DATE ? DATE_STYLES : TIME_STYLES;
      const fallback = element.type === TIME ? TIME_STYLES.medium : undefined;
      const options = styleOptions(element.style as Style, named) ?? fallback;
      out += new Intl.DateTimeFormat(locale, options).format(value as Date | number);
    } else if (element.type === SELECT) {
      const option = pick(element.options, String(value)) ?? element.options.other;
      if (option === undefined) throw new Error(`no option for "${String(value)}"`);
      out += formatElements(option.value, locale, values);
    } else if (element.type === PLURAL) {
      const number = value as number;
      let option = pick(element.options, `=${number}`);
      if (option === undefined) {
        const rule = new Intl.PluralRules(locale, { type: element.pluralType }).select(
          number - (element.offset || 0),
        );
        option = pick(element.options, rule) ?? element.options.other;
      }
      if (option === undefined) throw new Error(`no option for ${number}`);
      out += formatElements(option.value, locale, values, number - (element.offset || 0));
    }
  }
  return out;
}

/**
 * Wording for the browser: messages pre-parsed on the server (preparse.ts), formatted without
 * FormatJS's runtime. A missing key shows the key, as createMessages does.
 */
export function preparsedMessages(
  locale: string,
  catalogue: Readonly<Record<string, readonly MessageFormatElement[]>>,
): Messages {
  return {
    locale,
    dir: textDirection(locale),
    // The island words messages; it never hands their ICU source on.
    source: (key: MessageKey) => key,
    t: (key, values = {}) => {
      const elements = catalogue[key];
      return elements === undefined ? key : formatElements(elements, locale, values);
    },
    formatDate: (date, options = { dateStyle: 'long' }) =>
      new Intl.DateTimeFormat(locale, options).format(date),
  };
}
