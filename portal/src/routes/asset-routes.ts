import { Hono } from 'hono';
import { pickEncoding } from '../http/compress-once.js';
import { islandDataPath } from '../http/island-data.js';
import { ASSET_PATHS, type StaticAsset, type StaticAssets } from '../http/static-assets.js';

/**
 * Serves the CSS, the island bundles and their data, the logo and the organisation's stylesheet from memory,
 * cacheable for a year when versioned, brotli- or gzip-compressed when the browser takes it.
 */
export function assetRoutes(assets: StaticAssets): Hono {
  const routes = new Hono();
  const serve = (path: string, file: StaticAsset | null): void => {
    if (file === null) return;
    const negotiated = file.compressed.br !== undefined || file.compressed.gzip !== undefined;
    routes.get(path, (c) => {
      // Only a URL naming the current version may be cached for good; an old or bare URL revalidates.
      const cache =
        c.req.query('v') === file.version
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=0, must-revalidate';
      const encoding = pickEncoding(c.req.header('Accept-Encoding'), file.compressed);
      const body = encoding === null ? file.body : (file.compressed[encoding] ?? file.body);
      // Each encoding is its own representation (RFC 9110 §8.8.3): its own strong validator.
      const etag = encoding === null ? `"${file.version}"` : `"${file.version}-${encoding}"`;
      const headers = {
        'Cache-Control': cache,
        ETag: etag,
        // Caches between here and the browser must keep the encodings apart.
        ...(negotiated ? { Vary: 'Accept-Encoding' } : {}),
      };
      // A browser revalidating a bare URL (after max-age=0) gets "not modified" instead of the file.
      if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
      return c.body(body, 200, {
        ...headers,
        'Content-Type': file.contentType,
        ...(encoding === null ? {} : { 'Content-Encoding': encoding }),
      });
    });
  };
  serve(ASSET_PATHS.css, assets.css);
  serve(ASSET_PATHS.island, assets.island);
  for (const [language, data] of Object.entries(assets.islandData?.assets ?? {})) {
    serve(islandDataPath(language), data);
  }
  serve(ASSET_PATHS.challengeIsland, assets.challengeIsland);
  serve(ASSET_PATHS.passkeyIsland, assets.passkeyIsland);
  serve(ASSET_PATHS.logo, assets.logo);
  serve(ASSET_PATHS.brandCss, assets.brandCss);
  // Browsers ask for /favicon.ico on their own where a page names no icon (pages name the logo).
  // With a logo, answer with it; without, an empty answer, cached, keeps 404s out of the logs.
  if (assets.logo !== null) serve('/favicon.ico', assets.logo);
  else routes.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=86400' }));
  return routes;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` is ignored, `*` matches any. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim().replace(/^W\//, '');
    return value === '*' || value === etag;
  });
}
