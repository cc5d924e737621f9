import { describe, expect, it } from 'vitest';
import { plistXml } from './plist-xml.js';

describe('plistXml()', () => {
  it('escapes markup in keys and strings and keeps comments well-formed', () => {
    const xml = plistXml({ 'a<b': 'x & </string>' }, ['uses --set -- here']);
    expect(xml).toContain('<key>a&lt;b</key>');
    expect(xml).toContain('<string>x &amp; &lt;/string&gt;</string>');
    expect(xml).toContain('<!-- uses - -set - - here -->');
  });

  it('writes each JSON type as its plist element', () => {
    const xml = plistXml({ t: true, f: false, i: 3, r: 0.5, e: [], d: {} });
    for (const element of [
      '<true/>',
      '<false/>',
      '<integer>3</integer>',
      '<real>0.5</real>',
      '<array/>',
      '<dict/>',
    ]) {
      expect(xml).toContain(element);
    }
  });
});
