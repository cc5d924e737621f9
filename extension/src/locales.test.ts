import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../scripts/manifest.js';

interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string }>;
}

const LOCALES = new URL('../public/_locales/', import.meta.url).pathname;
const SOURCES = new URL('./', import.meta.url).pathname;

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

describe('_locales', () => {
  const english = read('en');

  it('gives every text the extension shows, and only those', () => {
    const code = sourceFiles(SOURCES)
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const used = new Set([...code.matchAll(/\bt\('(\w+)'/g)].map((match) => match[1]));
    for (const value of Object.values(manifestFor('chrome', '1.0.0'))) {
      const key = /^__MSG_(\w+)__$/.exec(String(value))?.[1];
      if (key !== undefined) used.add(key);
    }
    expect([...used].sort()).toEqual(Object.keys(english).sort());
  });

  it('defines every placeholder a message uses, in every language', () => {
    for (const locale of readdirSync(LOCALES)) {
      for (const [key, entry] of Object.entries(read(locale))) {
        const named = [...entry.message.matchAll(/\$(\w+)\$/g)].map((match) => match[1]?.toLowerCase());
        expect(Object.keys(entry.placeholders ?? {}).sort(), `${locale} ${key}`).toEqual(
          [...new Set(named)].sort(),
        );
      }
    }
  });

  it('has the same texts in every language as in English, the fallback', () => {
    for (const locale of readdirSync(LOCALES))
      expect(Object.keys(read(locale)).sort()).toEqual(Object.keys(english).sort());
  });
});
