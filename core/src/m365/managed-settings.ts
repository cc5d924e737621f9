import * as z from 'zod/mini';
import { CLOUD_IDS, type CloudId } from './clouds.js';
import {
  DOMAIN_PATTERN,
  NON_BLANK_PATTERN,
  PORTAL_URL_PATTERN,
  SUPPORT_URL_PATTERN,
  URL_PATTERN_PATTERN,
} from './managed-setting-patterns.js';
import { PASSWORD_PAGE_IDS } from './password-pages.js';

/**
 * The browser extension's settings, as admins set them by enterprise policy (Chrome/Edge
 * `3rdparty.extensions.<id>`, Firefox `3rdparty.Extensions`). One source for the extension's
 * validation, its `managed_schema.json` and the admin policy files generated from it.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isPortalLikeUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  // A password portal over plain http would expose passwords on the wire; loopback is for demos.
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  // The text itself, not only the parsed URL: a final `?` or `#` parses to an empty query or fragment,
  // and a backslash to a slash, yet each would be pasted into every redirect (PORTAL_URL_PATTERN agrees).
  return (
    secure &&
    !/[?#\\]/.test(value) &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** A help link: a web page (query allowed) or a mailto: address; never script or data URLs. */
export function isSupportUrl(value: string): boolean {
  try {
    return ['https:', 'http:', 'mailto:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A URL pattern admins write: a full http(s) URL where `*` matches any run of characters. */
export function isUrlPattern(value: string): boolean {
  if (!new RegExp(URL_PATTERN_PATTERN).test(value) || value.length > 2048) return false;
  try {
    const url = new URL(value.replaceAll('*', 'x'));
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** What each key means, in words an admin reads in policy templates and on the options page. */
export const managedSettingDescriptions = {
  portalUrl:
    'Base URL of the Passgate portal, e.g. https://password.example.com. Required: without it the extension does nothing.',
  enabled: 'Set to false to switch all redirects off without uninstalling the extension. Default: true.',
  interceptIds: `Which built-in Microsoft password pages to send to the portal. Default: all of ${PASSWORD_PAGE_IDS.join(', ')}.`,
  clouds:
    'Which Microsoft clouds to cover: global (also GCC), usgov (GCC High, DoD), china (21Vianet). Default: global.',
  extraUrlPatterns:
    'More password-change pages to send to the portal, as URL patterns with * wildcards, e.g. https://sso.example.com/adfs/portal/updatepassword*.',
  excludeUrlPatterns:
    'URL patterns (with * wildcards) that are never redirected, even when a built-in page matches.',
  showExpiredPasswordNotice:
    'On Microsoft\'s "password expired" sign-in page: true shows a notice with a button to the portal; false sends the user straight to the portal. Default: true.',
  tenantDomains:
    "The e-mail domains of the organisation's own accounts. Where Microsoft's expired-password page shows the account, only accounts in these domains are sent to the portal; guests and others stay with Microsoft. Default: none (every account is sent).",
  organisationName: 'Organisation name shown to users in the notice and the popup.',
  supportUrl: 'Where users get help: a web page or a mailto: address (shown in the notice and the popup).',
} as const;

type Key = keyof typeof managedSettingDescriptions;

// zod/mini keeps the extension's bundle small; descriptions and Chrome's `pattern`s go to the
// global registry, which toJSONSchema reads. Each key gets its own schema instance, so each keeps
// its own metadata.
function described<T extends z.ZodMiniType>(key: Key, schema: T, pattern?: string): T {
  const meta = {
    description: managedSettingDescriptions[key],
    ...(pattern === undefined ? {} : { pattern }),
  };
  z.globalRegistry.add(schema as z.ZodMiniType, meta);
  return schema;
}
function patterned<T extends z.ZodMiniType>(schema: T, pattern: string): T {
  z.globalRegistry.add(schema as z.ZodMiniType, { pattern });
  return schema;
}
const webUrl = (): z.ZodMiniString<string> =>
  z.string().check(
    z.refine(isPortalLikeUrl, {
      message: 'expected an https:// URL without query or fragment (http:// only for localhost)',
    }),
  );
const urlPatterns = (): z.ZodMiniArray<z.ZodMiniString<string>> =>
  z.array(
    patterned(
      z.string().check(
        z.refine(isUrlPattern, {
          message: 'expected a full http(s) URL pattern such as https://sso.example.com/change*',
        }),
      ),
      URL_PATTERN_PATTERN,
    ),
  );

export const managedSettingsSchema = z.partial(
  z.object({
    portalUrl: described('portalUrl', webUrl(), PORTAL_URL_PATTERN),
    enabled: described('enabled', z.boolean()),
    interceptIds: described('interceptIds', z.array(z.enum(PASSWORD_PAGE_IDS))),
    clouds: described('clouds', z.array(z.enum(CLOUD_IDS))),
    extraUrlPatterns: described('extraUrlPatterns', urlPatterns()),
    excludeUrlPatterns: described('excludeUrlPatterns', urlPatterns()),
    showExpiredPasswordNotice: described('showExpiredPasswordNotice', z.boolean()),
    tenantDomains: described(
      'tenantDomains',
      z.array(
        patterned(
          z.string().check(
            z.refine((value) => new RegExp(DOMAIN_PATTERN).test(value), {
              message: 'expected a domain name such as contoso.com',
            }),
            z.toLowerCase(),
          ),
          DOMAIN_PATTERN,
        ),
      ),
    ),
    organisationName: described(
      'organisationName',
      z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
      NON_BLANK_PATTERN,
    ),
    supportUrl: described(
      'supportUrl',
      z.string().check(z.refine(isSupportUrl, { message: 'expected an https://, http:// or mailto: URL' })),
      SUPPORT_URL_PATTERN,
    ),
  }),
);

export type ManagedSettings = z.infer<typeof managedSettingsSchema>;
export type ManagedSettingKey = keyof ManagedSettings;

export const MANAGED_SETTING_KEYS = Object.keys(managedSettingsSchema.shape) as ManagedSettingKey[];

export interface InvalidSetting {
  key: string;
  message: string;
}

export interface ParsedSettings {
  /** The keys whose values are valid, parsed. */
  settings: ManagedSettings;
  /** Keys that were present but unknown or invalid: ignored by the caller. */
  invalid: InvalidSetting[];
}

/**
 * Validates each key on its own, so one bad value from policy costs only that key: the caller
 * keeps the rest and warns about the others. A non-object input counts as one invalid entry.
 */
export function parseSettingsPerKey(raw: unknown): ParsedSettings {
  if (raw === undefined || raw === null) return { settings: {}, invalid: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: {}, invalid: [{ key: '(all)', message: 'expected an object of settings' }] };
  }
  const settings: Record<string, unknown> = {};
  const invalid: InvalidSetting[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const field = managedSettingsSchema.shape[key as ManagedSettingKey];
    if (field === undefined) {
      invalid.push({ key, message: 'unknown setting' });
      continue;
    }
    const result = field.safeParse(value);
    if (result.success) settings[key] = result.data;
    else invalid.push({ key, message: result.error.issues.map((issue) => issue.message).join('; ') });
  }
  return { settings: settings as ManagedSettings, invalid };
}

/** Settings with every default filled in (portalUrl and the optional texts stay optional). */
export type EffectiveSettings = Required<
  Pick<ManagedSettings, 'enabled' | 'interceptIds' | 'clouds' | 'extraUrlPatterns'>
> &
  Required<Pick<ManagedSettings, 'excludeUrlPatterns' | 'showExpiredPasswordNotice' | 'tenantDomains'>> &
  Pick<ManagedSettings, 'portalUrl' | 'organisationName' | 'supportUrl'>;

export const managedSettingsDefaults: EffectiveSettings = {
  enabled: true,
  interceptIds: [...PASSWORD_PAGE_IDS],
  clouds: ['global'] satisfies CloudId[],
  extraUrlPatterns: [],
  excludeUrlPatterns: [],
  showExpiredPasswordNotice: true,
  tenantDomains: [],
};
