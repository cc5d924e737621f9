import { describe, expect, it } from 'vitest';
import { geckoIdFor, isGeckoId } from './gecko-id.js';

describe('geckoIdFor()', () => {
  it("names the organisation's portal host", () => {
    expect(geckoIdFor('https://passwords.contoso.example/')).toBe('passgate@passwords.contoso.example');
    expect(geckoIdFor('http://127.0.0.1:8787')).toBe('passgate@127.0.0.1');
  });

  it('gives two organisations two ids, and one portal the same id every time', () => {
    expect(geckoIdFor('https://pw.contoso.example')).not.toBe(geckoIdFor('https://pw.fabrikam.example'));
    expect(geckoIdFor('https://pw.contoso.example/a')).toBe(geckoIdFor('https://pw.contoso.example/b'));
  });

  it('falls back to a stable {GUID} for a host too long for Firefox', () => {
    const url = `https://${'a'.repeat(60)}.${'b'.repeat(20)}.example`;
    const id = geckoIdFor(url);
    expect(id).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
    expect(geckoIdFor(url)).toBe(id);
    expect(isGeckoId(id)).toBe(true);
  });
});

describe('isGeckoId()', () => {
  it.each([
    ['passgate@contoso.example', true],
    ['{daf44bf7-a45e-4450-979c-91cf07434c3d}', true],
    ['passgate', false],
    ['passgate@contoso example', false],
    [`passgate@${'x'.repeat(80)}`, false],
  ])('%s → %s', (value, valid) => {
    expect(isGeckoId(value)).toBe(valid);
  });
});
