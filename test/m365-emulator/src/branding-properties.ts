import type { Branding } from './tenant-organisation.js';

/**
 * organizationalBranding's String properties that PATCH may set, with the limits Microsoft's
 * resource page states ("must be in ASCII format or non-ASCII characters must be URL encoded, and
 * not exceed 128 characters" for the URLs; 256 for link texts, 1024 sign-in text, 64 hint).
 */
export const WRITABLE_BRANDING_STRINGS: Record<string, { max: number; url: boolean }> = {
  backgroundColor: { max: 7, url: false },
  headerBackgroundColor: { max: 7, url: false },
  signInPageText: { max: 1024, url: false },
  usernameHintText: { max: 64, url: false },
  customAccountResetCredentialsUrl: { max: 128, url: true },
  customCannotAccessYourAccountText: { max: 256, url: false },
  customCannotAccessYourAccountUrl: { max: 128, url: true },
  customForgotMyPasswordText: { max: 256, url: false },
  customPrivacyAndCookiesText: { max: 256, url: false },
  customPrivacyAndCookiesUrl: { max: 128, url: true },
  customResetItNowText: { max: 256, url: false },
  customTermsOfUseText: { max: 256, url: false },
  customTermsOfUseUrl: { max: 128, url: true },
};

/** Read-only or Stream properties: they exist but a JSON PATCH cannot set them. */
const NOT_PATCHABLE = new Set([
  'id',
  'cdnList',
  'backgroundImage',
  'bannerLogo',
  'squareLogo',
  'squareLogoDark',
  'customCSS',
  'favicon',
  'headerLogo',
  'backgroundImageRelativeUrl',
  'bannerLogoRelativeUrl',
  'squareLogoRelativeUrl',
  'squareLogoDarkRelativeUrl',
  'customCSSRelativeUrl',
  'faviconRelativeUrl',
  'headerLogoRelativeUrl',
  'loginPageLayoutConfiguration',
]);

const VISIBILITY_KEYS = [
  'hideCannotAccessYourAccount',
  'hideAccountResetCredentials',
  'hideTermsOfUse',
  'hidePrivacyAndCookies',
  'hideForgotMyPassword',
  'hideResetItNow',
] as const;

/** The resource as GET returns it (non-Stream properties only, as the docs say). */
export function brandingResource(id: string, branding: Branding): Record<string, unknown> {
  const strings = Object.fromEntries(
    Object.keys(WRITABLE_BRANDING_STRINGS).map((key) => [key, branding.properties[key] ?? null]),
  );
  return {
    id,
    ...strings,
    cdnList: [],
    backgroundImageRelativeUrl: null,
    bannerLogoRelativeUrl: null,
    squareLogoRelativeUrl: null,
    squareLogoDarkRelativeUrl: null,
    customCSSRelativeUrl: null,
    faviconRelativeUrl: null,
    headerLogoRelativeUrl: null,
    loginPageTextVisibilitySettings: { ...branding.loginPageTextVisibilitySettings },
  };
}

/** A PATCH body checked against the resource: the changes to make, or the reason it is refused. */
export function checkBrandingPatch(
  patch: Record<string, unknown>,
  skip: readonly string[] = [],
): { ok: true; apply(branding: Branding): void } | { ok: false; message: string } {
  const steps: ((branding: Branding) => void)[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (skip.includes(key)) continue;
    const limits = WRITABLE_BRANDING_STRINGS[key];
    if (limits !== undefined) {
      if (value !== null && typeof value !== 'string') {
        return { ok: false, message: `Invalid value for property '${key}': expected a string.` };
      }
      if (typeof value === 'string' && value.length > limits.max) {
        return {
          ok: false,
          message: `The value of property '${key}' exceeds the maximum length of ${limits.max} characters.`,
        };
      }
      // The URL properties must be printable ASCII (others URL-encoded), as the resource page says.
      if (typeof value === 'string' && limits.url && !/^[\x20-\x7e]*$/.test(value)) {
        return {
          ok: false,
          message: `The value of property '${key}' must be ASCII; URL-encode other characters.`,
        };
      }
      steps.push((branding) => {
        branding.properties[key] = value as string | null;
      });
      continue;
    }
    if (key === 'loginPageTextVisibilitySettings') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { ok: false, message: `Invalid value for property '${key}': expected an object.` };
      }
      for (const [flag, setting] of Object.entries(value)) {
        if (
          !(VISIBILITY_KEYS as readonly string[]).includes(flag) ||
          !(setting === null || typeof setting === 'boolean')
        ) {
          return {
            ok: false,
            message: `Invalid value for property 'loginPageTextVisibilitySettings.${flag}'.`,
          };
        }
      }
      steps.push((branding) => {
        Object.assign(branding.loginPageTextVisibilitySettings, value);
      });
      continue;
    }
    if (NOT_PATCHABLE.has(key)) {
      return {
        ok: false,
        message: `Property '${key}' is read-only, a Stream (use PUT), or not emulated; it cannot be set by PATCH.`,
      };
    }
    return {
      ok: false,
      message: `Property '${key}' does not exist on type 'microsoft.graph.organizationalBranding'.`,
    };
  }
  return {
    ok: true,
    apply(branding) {
      for (const step of steps) step(branding);
    },
  };
}
