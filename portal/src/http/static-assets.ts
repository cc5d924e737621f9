import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { PasswordPolicy } from '@passgate/core/policy';
import { accentCss, accentPalette } from '../branding/accent-palette.js';
import { islandDataAssets } from './island-data.js';
import { PORTAL_ROOT } from './package-root.js';
import { buildMessages } from './request-messages.js';
import { assetOf, type StaticAsset } from './static-asset.js';

export type { StaticAsset } from './static-asset.js';

type IslandDataAssets = ReturnType<typeof islandDataAssets>;

/** What the password island's data is built from: the organisation's wording and the policy. */
export interface IslandDataSource {
  /** `messages` in the config, as buildMessages takes it. */
  messageOverrides: Parameters<typeof buildMessages>[0];
  policy: PasswordPolicy;
}

/** The `branding` block of the config, as loadStaticAssets needs it. */
export interface BrandingAssets {
  accentColor: string | null;
  accentColorDark: string | null;
  cssFile: string | null;
}

export interface StaticAssets {
  css: StaticAsset;
  /** The browser island; null when it was not built (the form still works without it). */
  island: StaticAsset | null;
  /** The island's data per language (island-data.ts); null when the island was not built or not asked for. */
  islandData: IslandDataAssets | null;
  /** The island that solves a page's proof of work; null when it was not built. */
  challengeIsland: StaticAsset | null;
  /** The island that runs passkey ceremonies; null when it was not built (no page then offers a passkey). */
  passkeyIsland: StaticAsset | null;
  /** The organisation's logo (also the favicon); null when none is configured. */
  logo: StaticAsset | null;
  /** The organisation's own stylesheet (branding.cssFile), linked after the portal's; null when none. */
  brandCss: StaticAsset | null;
}

/** URL paths, fixed so that pages, tests and proxies can rely on them. */
export const ASSET_PATHS = {
  css: '/assets/passgate.css',
  island: '/assets/change-password-island.js',
  challengeIsland: '/assets/challenge-island.js',
  passkeyIsland: '/assets/passkey-island.js',
  logo: '/branding/logo',
  brandCss: '/branding/style.css',
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
  return assetOf(readFileSync(path), contentType, urlPath);
}

/** The portal's stylesheet, with the configured accent colours appended (one file, one request). */
function portalCss(branding: BrandingAssets | undefined): StaticAsset {
  // The build's minified copy (vite.config.ts) when there is one; the source otherwise (same rules).
  const built = join(PORTAL_ROOT, 'dist/public/passgate.css');
  const css = readFileSync(existsSync(built) ? built : join(PORTAL_ROOT, 'public/passgate.css'), 'utf8');
  const accent =
    branding === undefined || (branding.accentColor === null && branding.accentColorDark === null)
      ? ''
      : accentCss(accentPalette(branding.accentColor ?? DEFAULT_ACCENT, branding.accentColorDark));
  return assetOf(Buffer.from(css + accent, 'utf8'), 'text/css; charset=utf-8', ASSET_PATHS.css);
}

/** passgate.css's own light-mode --brand, from which a dark accent is derived when only accentColorDark is unset. */
const DEFAULT_ACCENT = '#1d4ed8';

/**
 * Reads the CSS, the island bundle (and builds its data per language: the organisation's wording
 * and policy), the logo and the organisation's stylesheet once, at start. A configured file that
 * cannot be read is a configuration mistake and throws now rather than showing a broken page later.
 */
export function loadStaticAssets(
  logoPath: string | null,
  branding?: BrandingAssets,
  islandSource?: IslandDataSource,
): StaticAssets {
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
  let brandCss: StaticAsset | null = null;
  const cssFile = branding?.cssFile ?? null;
  if (cssFile !== null) {
    try {
      brandCss = asset(cssFile, 'text/css; charset=utf-8', ASSET_PATHS.brandCss);
    } catch (error) {
      throw new Error(`branding.cssFile: cannot read ${cssFile}`, { cause: error });
    }
  }
  const island = existsSync(islandFile)
    ? asset(islandFile, 'text/javascript; charset=utf-8', ASSET_PATHS.island)
    : null;
  return {
    css: portalCss(branding),
    island,
    islandData:
      island === null || islandSource === undefined
        ? null
        : islandDataAssets(buildMessages(islandSource.messageOverrides), islandSource.policy),
    challengeIsland: existsSync(challengeFile)
      ? asset(challengeFile, 'text/javascript; charset=utf-8', ASSET_PATHS.challengeIsland)
      : null,
    passkeyIsland: existsSync(passkeyFile)
      ? asset(passkeyFile, 'text/javascript; charset=utf-8', ASSET_PATHS.passkeyIsland)
      : null,
    logo,
    brandCss,
  };
}
