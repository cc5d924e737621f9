import { ExtensionKitError } from './extension-kit-error.js';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'firefox'] as const;
export const PLATFORMS = ['windows', 'macos', 'linux'] as const;
export const FORMATS = ['reg', 'intune', 'mobileconfig', 'json'] as const;

export type Browser = (typeof BROWSERS)[number];
export type Platform = (typeof PLATFORMS)[number];
export type PolicyFormat = (typeof FORMATS)[number];

export interface PolicyTarget {
  browser: Browser;
  platform: Platform;
  format: PolicyFormat;
}

/** Formats each browser reads on each platform; the first is the default. */
const SUPPORTED: Record<Browser, Partial<Record<Platform, PolicyFormat[]>>> = {
  chrome: { windows: ['reg', 'intune'], macos: ['mobileconfig'], linux: ['json'] },
  edge: { windows: ['reg', 'intune'], macos: ['mobileconfig'], linux: ['json'] },
  chromium: { linux: ['json'] },
  // Firefox reads the same policies.json everywhere (its GPO and plist forms carry the same JSON).
  firefox: { windows: ['json'], macos: ['json'], linux: ['json'] },
};

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ExtensionKitError(
    'UNSUPPORTED_TARGET',
    `${value === undefined ? `--${what} is required` : `unknown ${what} "${value}"`}; expected one of ${allowed.join(', ')}`,
  );
}

/** Checks a browser/platform/format choice, filling in the platform's usual format. */
export function resolvePolicyTarget(browser?: string, platform?: string, format?: string): PolicyTarget {
  const b = oneOf(browser, BROWSERS, 'browser');
  const p = oneOf(platform, PLATFORMS, 'platform');
  const formats = SUPPORTED[b][p];
  if (formats === undefined) {
    throw new ExtensionKitError(
      'UNSUPPORTED_TARGET',
      `${b} is not deployed by policy on ${p} by this kit; use chrome or edge`,
    );
  }
  const f = format === undefined ? formats[0] : oneOf(format, FORMATS, 'format');
  if (f === undefined || !formats.includes(f)) {
    throw new ExtensionKitError(
      'UNSUPPORTED_TARGET',
      `${b} on ${p} takes --format ${formats.join(' or ')}, not ${format}`,
    );
  }
  return { browser: b, platform: p, format: f };
}

/** Where the file goes (Linux, Firefox) or how it is deployed (Windows, macOS). */
export function installLocation(target: PolicyTarget): string {
  const { browser, platform, format } = target;
  if (browser === 'firefox') {
    return {
      windows:
        'C:\\Program Files\\Mozilla Firefox\\distribution\\policies.json (or the same JSON through the Firefox ADMX "Policies" setting)',
      macos: '/Applications/Firefox.app/Contents/Resources/distribution/policies.json',
      linux: '/etc/firefox/policies/policies.json',
    }[platform];
  }
  if (platform === 'linux') {
    return {
      chrome: '/etc/opt/chrome/policies/managed/passgate.json',
      chromium: '/etc/chromium/policies/managed/passgate.json',
      edge: '/etc/opt/edge/policies/managed/passgate.json',
    }[browser];
  }
  if (format === 'reg')
    return 'import on each machine: reg import <file> (or deploy the same values by Group Policy Preferences)';
  if (format === 'intune') return 'Intune: Devices > Scripts and remediations (see docs/deploy.md)';
  return 'upload to Jamf Pro / Intune (Configuration profiles > Custom) or install with: sudo profiles install -path <file>';
}

/** The download's file name. */
export function policyFileName(target: PolicyTarget): string {
  const stem = `passgate-${target.browser}-${target.platform}`;
  switch (target.format) {
    case 'reg':
      return `${stem}.reg`;
    case 'intune':
      return `${stem}-intune.json`;
    case 'mobileconfig':
      return `${stem}.mobileconfig`;
    default:
      return target.browser === 'firefox' ? 'policies.json' : 'passgate.json';
  }
}
