import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extensionLocaleFiles } from '../scripts/extension-locales.js';
import { manifestFor } from '../scripts/manifest.js';
import { LOCALE_FOLDERS } from './lib/locale-folders.js';
import { LANGUAGE_MESSAGE } from './lib/message-key.js';

interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string }>;
}

const LOCALES = fileURLToPath(new URL('../public/_locales/', import.meta.url));
const SOURCES = fileURLToPath(new URL('./', import.meta.url));

function read(locale: string): Record<string, Message> {
  return JSON.parse(readFileSync(join(LOCALES, locale, 'messages.json'), 'utf8'));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Placeholder name → the substitution it stands for ($1, $2), and the names the text uses. */
function placeholdersOf(entry: Message): { defined: Record<string, string>; used: string[] } {
  const defined = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, { content }]) => [name, content]),
  );
  const used = [...new Set([...entry.message.matchAll(/\$(\w+)\$/g)].map((m) => m[1]?.toLowerCase() ?? ''))];
  return { defined, used: used.sort() };
}

describe('_locales', () => {
  const english = read('en');

  it('ships the ten languages, in the folder names browsers know (pt_BR)', () => {
    expect(readdirSync(LOCALES).sort()).toEqual(
      ['ar', 'de', 'en', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt_BR'].sort(),
    );
    expect(Object.values(LOCALE_FOLDERS).sort()).toEqual(readdirSync(LOCALES).sort());
    // Each names its own language, from which the pages take lang and dir.
    for (const folder of readdirSync(LOCALES))
      expect(read(folder)[LANGUAGE_MESSAGE]?.message).toBe(folder.replace('_', '-'));
  });

  it('is up to date with core’s catalogues, keys extension.* (run: npm run generate -w extension)', () => {
    for (const [folder, text] of Object.entries(extensionLocaleFiles()))
      expect(readFileSync(join(LOCALES, folder, 'messages.json'), 'utf8'), folder).toBe(text);
  });

  it('gives every text the extension shows, and only those', () => {
    const code = sourceFiles(SOURCES)
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const used = new Set([...code.matchAll(/\bt\('extension\.(\w+)'/g)].map((match) => match[1]));
    used.add(LANGUAGE_MESSAGE);
    for (const value of Object.values(manifestFor('chrome', '1.0.0'))) {
      const key = /^__MSG_(\w+)__$/.exec(String(value))?.[1];
      if (key !== undefined) used.add(key);
    }
    expect([...used].sort()).toEqual(Object.keys(english).sort());
  });

  it('has every key of English in every language, and no other', () => {
    for (const locale of readdirSync(LOCALES))
      expect(Object.keys(read(locale)).sort(), locale).toEqual(Object.keys(english).sort());
  });

  it('defines every placeholder a message uses, the same ones for the same substitutions in every language', () => {
    for (const locale of readdirSync(LOCALES)) {
      for (const [key, entry] of Object.entries(read(locale))) {
        const { defined, used } = placeholdersOf(entry);
        expect(Object.keys(defined).sort(), `${locale} ${key}`).toEqual(used);
        expect(defined, `${locale} ${key}`).toEqual(placeholdersOf(english[key] as Message).defined);
        // A bare ICU argument left in would show as "{org}" to the person.
        expect(entry.message, `${locale} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});
