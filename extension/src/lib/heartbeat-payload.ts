import type { ResolvedSettings } from './resolve-settings.js';

/** Redirects made since install, by kind of page (what the heartbeat reports; no URLs). */
export interface RedirectCounts {
  change: number;
  reset: number;
  expired: number;
  extra: number;
}

export const NO_REDIRECTS: RedirectCounts = { change: 0, reset: 0, expired: 0, extra: 0 };

export type BrowserName = 'chrome' | 'edge' | 'chromium' | 'firefox' | 'other';
export type PlatformName = 'windows' | 'macos' | 'linux' | 'chromeos' | 'android' | 'other';

export interface HeartbeatFacts {
  installId: string;
  extensionVersion: string;
  browser: BrowserName;
  browserVersion: string;
  platform: PlatformName;
  redirects: RedirectCounts;
}

/**
 * The heartbeat for these settings, or undefined when there is nothing to send: only an install
 * under the organisation's policy, with a portal, reports (a person's own install never does).
 * `policyApplied`: every value of the policy was usable.
 */
export function heartbeatPayload(
  settings: ResolvedSettings,
  facts: HeartbeatFacts,
): Record<string, unknown> | undefined {
  if (!settings.managed || settings.effective.portalUrl === undefined) return undefined;
  return {
    ...facts,
    managed: true,
    policyApplied: settings.invalid.every((entry) => entry.source !== 'policy'),
  };
}

/** The browser from the worker's `navigator.userAgentData` brands (Chrome, Edge, Chromium). */
export function browserFromBrands(brands: readonly { brand: string; version: string }[]): {
  browser: BrowserName;
  browserVersion: string;
} {
  // Edge and Chrome also list Chromium, so the specific brands are looked for first.
  const known: [string, BrowserName][] = [
    ['Microsoft Edge', 'edge'],
    ['Google Chrome', 'chrome'],
    ['Chromium', 'chromium'],
  ];
  for (const [brand, browser] of known) {
    const entry = brands.find((candidate) => candidate.brand === brand);
    if (entry !== undefined) return { browser, browserVersion: plainVersion(entry.version) };
  }
  return { browser: 'other', browserVersion: '0' };
}

/** Digits and dots only (at most four parts): "153.8.0esr" → "153.8.0". */
export function plainVersion(version: string): string {
  return /^\d{1,5}(\.\d{1,6}){0,3}/.exec(version)?.[0] ?? '0';
}

/** `runtime.getPlatformInfo().os` in the heartbeat's words. */
export function platformName(os: string): PlatformName {
  const names: Record<string, PlatformName> = {
    win: 'windows',
    mac: 'macos',
    linux: 'linux',
    cros: 'chromeos',
    android: 'android',
  };
  return names[os] ?? 'other';
}
