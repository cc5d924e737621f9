import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { PORTAL_ROOT } from './package-root.js';

/** A file held in memory, with the version that goes into its URL so it can be cached for a year. */
export interface StaticAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  version: string;
  href: string;
}

export interface StaticAssets {
  css: StaticAsset;
  /** The browser island; null when it was not built (the form still works without it). */
  island: StaticAsset | null;
  /** The island that solves a page's proof of work; null when it was not built. */
  challengeIsland: StaticAsset | null;
  /** The island that runs passkey ceremonies; null when it was not built (no page then offers a passkey). */
  passkeyIsland: StaticAsset | null;
  /** The organisation's logo; null when none is configured. */
  logo: StaticAsset | null;
}

/** URL paths, fixed so that pages, tests and proxies can rely on them. */
export const ASSET_PATHS = {
  css: '/assets/passgate.css',
  island: '/assets/change-password-island.js',
  challengeIsland: '/assets/challenge-island.js',
  passkeyIsland: '/assets/passkey-island.js',
  logo: '/branding/logo',
} as const;

const LOGO_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

function asset(path: string, contentType: string, urlPath: string): StaticAsset {
  const body = new Uint8Array(readFileSync(path));
  const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, contentType, version, href: `${urlPath}?v=${version}` };
}

/**
 * Reads the CSS, the island bundle and the logo once, at start. A configured logo that cannot be
 * read is a configuration mistake and throws now rather than showing a broken image later.
 */
export function loadStaticAssets(logoPath: string | null): StaticAssets {
  const islandFile = join(PORTAL_ROOT, 'dist/public/change-password-island.js');
  const challengeFile = join(PORTAL_ROOT, 'dist/public/challenge-island.js');
  const passkeyFile = join(PORTAL_ROOT, 'dist/public/passkey-island.js');
  let logo: StaticAsset | null = null;
  if (logoPath !== null) {
    const type = LOGO_TYPES[extname(logoPath).toLowerCase()];
    if (type === undefined) {
      throw new Error(
        `organisation.logoPath: expected a .png, .jpg, .webp, .gif or .svg file, got ${logoPath}`,
      );
    }
    try {
      logo = asset(logoPath, type, ASSET_PATHS.logo);
    } catch (error) {
      throw new Error(`organisation.logoPath: cannot read ${logoPath}`, { cause: error });
    }
  }
  return {
    css: asset(join(PORTAL_ROOT, 'public/passgate.css'), 'text/css; charset=utf-8', ASSET_PATHS.css),
    island: existsSync(islandFile)
      ? asset(islandFile, 'text/javascript; charset=utf-8', ASSET_PATHS.island)
      : null,
    challengeIsland: existsSync(challengeFile)
      ? asset(challengeFile, 'text/javascript; charset=utf-8', ASSET_PATHS.challengeIsland)
      : null,
    passkeyIsland: existsSync(passkeyFile)
      ? asset(passkeyFile, 'text/javascript; charset=utf-8', ASSET_PATHS.passkeyIsland)
      : null,
    logo,
  };
}
