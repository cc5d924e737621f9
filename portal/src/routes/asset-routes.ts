import { Hono } from 'hono';
import { ASSET_PATHS, type StaticAsset, type StaticAssets } from '../http/static-assets.js';

/** Serves the CSS, the island bundle and the logo from memory, cacheable for a year when versioned. */
export function assetRoutes(assets: StaticAssets): Hono {
  const routes = new Hono();
  const serve = (path: string, file: StaticAsset | null): void => {
    if (file === null) return;
    routes.get(path, (c) => {
      // Only a URL naming the current version may be cached for good; an old or bare URL revalidates.
      const cache =
        c.req.query('v') === file.version
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=0, must-revalidate';
      return c.body(file.body, 200, {
        'Content-Type': file.contentType,
        'Cache-Control': cache,
        ETag: `"${file.version}"`,
      });
    });
  };
  serve(ASSET_PATHS.css, assets.css);
  serve(ASSET_PATHS.island, assets.island);
  serve(ASSET_PATHS.challengeIsland, assets.challengeIsland);
  serve(ASSET_PATHS.passkeyIsland, assets.passkeyIsland);
  serve(ASSET_PATHS.logo, assets.logo);
  // Browsers ask for /favicon.ico on their own; an empty answer, cached, keeps 404s out of the logs.
  routes.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=86400' }));
  return routes;
}
