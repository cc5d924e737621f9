import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from './catalogues.js';
import { createMessages, type MessageKey, type MessageValues } from './create-messages.js';
import type { Language } from './languages.js';
import { preparseMessages } from './preparse.js';
import { preparsedMessages } from './preparsed-messages.js';

// The browser formats pre-parsed messages without intl-messageformat; it must say exactly what the
// server says with it, for every message of every language, whatever the numbers.

const NUMBERS = [0, 1, 2, 3, 4, 5, 7, 11, 12, 21, 22, 25, 100, 101, 1.5, 1000];
const WHEN = new Date(Date.UTC(2026, 11, 1, 8, 5, 9));

/** Each placeholder of a message and how it is used: counted (plural, number), chosen (select) or shown. */
function placeholders(elements: readonly MessageFormatElement[], found = new Map<string, string[]>()) {
  for (const element of elements) {
    if (element.type === 0 || element.type === 7 || element.type === 8) continue;
    if (element.type === 5 || element.type === 6) {
      if (element.type === 5) found.set(element.value, [...Object.keys(element.options), 'none-of-these']);
      else found.set(element.value, ['number']);
      for (const option of Object.values(element.options)) placeholders(option.value, found);
    } else if (element.type === 2) found.set(element.value, ['number']);
    else if (element.type === 3 || element.type === 4) found.set(element.value, ['date']);
    else if (!found.has(element.value)) found.set(element.value, ['text']);
  }
  return found;
}

/** Value sets that walk every number through its plural forms and every select through its options. */
function valueSets(elements: readonly MessageFormatElement[]): MessageValues[] {
  const uses = [...placeholders(elements)];
  if (uses.length === 0) return [{}];
  return NUMBERS.map((number, index) =>
    Object.fromEntries(
      uses.map(([name, kinds]) => {
        if (kinds[0] === 'number') return [name, number];
        if (kinds[0] === 'date') return [name, WHEN];
        if (kinds[0] === 'text') return [name, index % 2 === 0 ? `Ada ${number}` : number];
        return [name, kinds[index % kinds.length] ?? 'other'];
      }),
    ),
  );
}

describe('preparsedMessages()', () => {
  for (const [language, catalogue] of Object.entries(CATALOGUES) as [Language, Record<string, string>][]) {
    it(`words every ${language} message as createMessages() does`, () => {
      const keys = Object.keys(catalogue) as MessageKey[];
      const server = createMessages(language, catalogue);
      const trees = preparseMessages(server, keys);
      const browser = preparsedMessages(language, trees);
      let compared = 0;
      for (const key of keys) {
        for (const values of valueSets(trees[key] ?? [])) {
          expect(browser.t(key, values), `${language} ${key} ${JSON.stringify(values)}`).toBe(
            server.t(key, values),
          );
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThan(keys.length);
    });
  }

  it('follows ICU as FormatJS does beyond what the catalogues use: offsets, ordinals, styles, skeletons, dates', () => {
    const sources: Record<string, string> = {
      offset:
        '{n, plural, offset:1 =0 {nobody} =1 {just you} one {you and # other} other {you and # others}}',
      ordinal: '{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}',
      nested:
        '{who, select, admin {{n, plural, one {# admin seat} other {# admin seats}}} other {{n, number} seats}}',
      styles: '{n, number} · {n, number, integer} · {ratio, number, percent} · {n, number, ::compact-short}',
      scale: '{ratio, number, ::percent scale/100}',
      dates:
        '{when, date, short} · {when, date, long} · {when, time, short} · {when, time} · {when, date, ::yyyyMMMd}',
      quoted: "It''s '{literal}' and {n}",
    };
    const keys = Object.keys(sources) as MessageKey[];
    for (const locale of ['en', 'de', 'ar', 'pl', 'ja']) {
      const server = createMessages(locale, sources as Record<string, string>);
      const browser = preparsedMessages(locale, preparseMessages(server, keys));
      for (const n of NUMBERS) {
        for (const who of ['admin', 'guest']) {
          const values = { n, ratio: n / 7, who, when: WHEN };
          for (const key of keys) {
            expect(browser.t(key, values), `${locale} ${key} ${n} ${who}`).toBe(server.t(key, values));
          }
        }
      }
    }
  });

  it('shows the key for a message it was not given, as createMessages() does', () => {
    const key = 'requirement.TOO_SHORT' as MessageKey;
    expect(preparsedMessages('de', {}).t(key, { min: 12 })).toBe(key);
    expect(createMessages('de', {}).t(key, { min: 12 })).toBe(key);
  });

  it('refuses a message whose value is missing, as createMessages() does', () => {
    const key = 'requirement.TOO_SHORT' as MessageKey;
    const server = createMessages('en', CATALOGUES.en);
    const browser = preparsedMessages('en', preparseMessages(server, [key]));
    expect(() => server.t(key, {})).toThrow();
    expect(() => browser.t(key, {})).toThrow('the value "min" is missing');
  });
});
