import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORTAL_ROOT } from './package-root.js';
import { loadStaticAssets } from './static-assets.js';

// Needs `npm run build` (the test script's pretest), as the island tests do.
describe('loadStaticAssets()', () => {
  const built = join(PORTAL_ROOT, 'dist/public/passgate.css');

  it('serves the build’s minified stylesheet rather than the commented source', () => {
    const css = Buffer.from(loadStaticAssets(null).css.body).toString('utf8');
    expect(css).toBe(readFileSync(built, 'utf8'));
    expect(css).not.toContain('/*');
  });

  it('appends the accent to it, so the stylesheet stays one request', () => {
    const assets = loadStaticAssets(null, { accentColor: '#0b5cad', accentColorDark: null, cssFile: null });
    expect(Buffer.from(assets.css.body).toString('utf8')).toContain(':root { --brand: #0b5cad;');
  });
});
