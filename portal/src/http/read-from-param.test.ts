import { describe, expect, it } from 'vitest';
import { cleanFrom, readFromParam } from './read-from-param.js';

const base = 'http://portal.example/change';

describe('readFromParam()', () => {
  it('takes everything after from= as one raw value, & and %20 included', () => {
    const raw = 'https://mysignins.microsoft.com/security-info?x=1&y=a%20b&z';
    expect(readFromParam(`${base}?from=${raw}`)).toBe(raw);
  });

  it('finds from= after other parameters', () => {
    expect(readFromParam(`${base}?lang=en&from=https://a.example/p?q=1&r=2`)).toBe(
      'https://a.example/p?q=1&r=2',
    );
  });

  it('decodes the encoded form, which ends at the next &', () => {
    const url = 'https://a.example/p?q=1&r=2';
    expect(readFromParam(`${base}?from=${encodeURIComponent(url)}&x=y`)).toBe(url);
  });

  it('returns null without from, for non-http URLs, and for broken encodings', () => {
    expect(readFromParam(base)).toBeNull();
    expect(readFromParam(`${base}?xfrom=https://a.example`)).toBeNull();
    expect(readFromParam(`${base}?from=javascript:alert(1)`)).toBeNull();
    expect(readFromParam(`${base}?from=data:text/html,hi`)).toBeNull();
    expect(readFromParam(`${base}?from=https%3A%E0%A4%A`)).toBeNull();
    expect(readFromParam(`${base}?from=`)).toBeNull();
  });

  it('ignores absurdly long values', () => {
    expect(cleanFrom(`https://a.example/${'x'.repeat(5000)}`)).toBeNull();
  });
});
