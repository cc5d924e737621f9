import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUES, ENGLISH, LANGUAGES, messagePlaceholders } from '@passgate/core/i18n';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MESSAGES_DIR = join(ROOT, 'core/src/i18n/messages');
const SOURCE_DIRS = ['core/src', 'portal/src', 'extension/src'].map((dir) => join(ROOT, dir));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The keys code names literally ('change.title'), the prefixes it completes at run time (`kind.${…}`),
 * and the keys it asks for by call (t('…'), say('…')), which must all exist.
 */
function keysInCode(): { literal: Set<string>; prefixes: string[]; called: Set<string> } {
  const code = SOURCE_DIRS.flatMap(sourceFiles)
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
  const literal = new Set(
    [...code.matchAll(/['"`]([a-zA-Z]+(?:\.[A-Za-z0-9_]+)+)['"`]/g)].map((m) => m[1] ?? ''),
  );
  const prefixes = [...code.matchAll(/`([a-zA-Z]+(?:\.[A-Za-z0-9_]+)*\.)\$\{/g)].map((m) => m[1] ?? '');
  const called = new Set(
    [...code.matchAll(/\b(?:t|say)\(\s*'([a-zA-Z]+(?:\.[A-Za-z0-9_]+)+)'/g)].map((m) => m[1] ?? ''),
  );
  return { literal, prefixes, called };
}

describe('the message catalogues', () => {
  const english = Object.keys(ENGLISH).sort();

  it('ship exactly the languages that have a catalogue file, each listed once', () => {
    const files = readdirSync(MESSAGES_DIR)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.replace(/\.json$/, ''));
    expect([...LANGUAGES].sort()).toEqual(files.sort());
    expect(Object.keys(CATALOGUES).sort()).toEqual(files.sort());
  });

  it.each(LANGUAGES)('%s has every key of English and no other', (language) => {
    expect(Object.keys(CATALOGUES[language]).sort()).toEqual(english);
  });

  it.each(LANGUAGES)('%s is valid ICU with the same placeholders as English in every message', (language) => {
    for (const key of english) {
      const text = (CATALOGUES[language] as Record<string, string>)[key] ?? '';
      expect(text.trim(), `${language} ${key} is empty`).not.toBe('');
      expect(messagePlaceholders(text), `${language} ${key}`).toEqual(
        messagePlaceholders((ENGLISH as Record<string, string>)[key] ?? ''),
      );
    }
  });

  it('has no key the code never uses, and the code uses no key it lacks', () => {
    const { literal, prefixes, called } = keysInCode();
    const unused = english.filter((key) => !literal.has(key) && !prefixes.some((p) => key.startsWith(p)));
    expect(unused).toEqual([]);
    expect([...called].filter((key) => !english.includes(key))).toEqual([]);
  });
});
