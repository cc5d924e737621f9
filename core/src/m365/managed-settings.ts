import { z } from 'zod';
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
  return secure && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
}

/** A URL pattern admins write: a full http(s) URL where `*` matches any run of characters. */
export function isUrlPattern(value: string): boolean {
  if (!/^https?:\/\/[^/*]*[^/]*/.test(value) || value.length > 2048) return false;
  try {
    const url = new URL(value.replaceAll('*', 'x'));
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const webUrl = z.string().refine(isPortalLikeUrl, {
  message: 'expected an https:// URL without query or fragment (http:// only for localhost)',
});
const urlPattern = z.string().refine(isUrlPattern, {
  message: 'expected a full http(s) URL pattern such as https://sso.example.com/change*',
});

export const managedSettingsSchema = z
  .object({
    portalUrl: webUrl.describe(
      'Base URL of the Passgate portal, e.g. https://password.example.com. Required: without it the extension does nothing.',
    ),
    enabled: z
      .boolean()
      .describe(
        'Set to false to switch all redirects off without uninstalling the extension. Default: true.',
      ),
    interceptIds: z
      .array(z.enum(PASSWORD_PAGE_IDS))
      .describe(
        `Which built-in Microsoft password pages to send to the portal. Default: all of ${PASSWORD_PAGE_IDS.join(', ')}.`,
      ),
    extraUrlPatterns: z
      .array(urlPattern)
      .describe(
        'More password-change pages to send to the portal, as URL patterns with * wildcards, e.g. https://sso.example.com/adfs/portal/updatepassword*.',
      ),
    excludeUrlPatterns: z
      .array(urlPattern)
      .describe(
        'URL patterns (with * wildcards) that are never redirected, even when a built-in page matches.',
      ),
    showExpiredPasswordNotice: z
      .boolean()
      .describe(
        'On Microsoft\'s "password expired" sign-in page: true shows a notice with a button to the portal; false sends the user straight to the portal. Default: true.',
      ),
    organisationName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Organisation name shown to users in the notice and the popup.'),
    supportUrl: webUrl.describe('Where users get help (shown in the notice and the popup).'),
  })
  .partial();

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
  Pick<ManagedSettings, 'enabled' | 'interceptIds' | 'extraUrlPatterns'>
> &
  Required<Pick<ManagedSettings, 'excludeUrlPatterns' | 'showExpiredPasswordNotice'>> &
  Pick<ManagedSettings, 'portalUrl' | 'organisationName' | 'supportUrl'>;

export const managedSettingsDefaults: EffectiveSettings = {
  enabled: true,
  interceptIds: [...PASSWORD_PAGE_IDS],
  extraUrlPatterns: [],
  excludeUrlPatterns: [],
  showExpiredPasswordNotice: true,
};

/** JSON-schema keywords Chrome accepts in an extension's `storage.managed_schema`. */
export const CHROME_SCHEMA_KEYWORDS = [
  'type',
  'description',
  'title',
  'properties',
  'items',
  'enum',
] as const;
export const CHROME_SCHEMA_TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'] as const;

export interface ChromeManagedSchema {
  type: (typeof CHROME_SCHEMA_TYPES)[number];
  description?: string;
  title?: string;
  properties?: Record<string, ChromeManagedSchema>;
  items?: ChromeManagedSchema;
  enum?: unknown[];
}

function toChromeSubset(node: Record<string, unknown>): ChromeManagedSchema {
  const out: Record<string, unknown> = { type: node.type };
  if (typeof node.description === 'string') out.description = node.description;
  if (Array.isArray(node.enum)) out.enum = node.enum;
  if (node.items !== undefined) out.items = toChromeSubset(node.items as Record<string, unknown>);
  if (node.properties !== undefined) {
    const properties = node.properties as Record<string, Record<string, unknown>>;
    out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toChromeSubset(v)]));
  }
  return out as unknown as ChromeManagedSchema;
}

/**
 * The schema Chrome wants for managed storage, generated from `managedSettingsSchema`. Chrome
 * refuses to load an extension whose schema uses keywords outside its subset (no `format`,
 * `minLength`, `$schema`, ...), so only the keywords above survive; zod re-validates the rest.
 */
export function chromeManagedSchema(): ChromeManagedSchema {
  const json = z.toJSONSchema(managedSettingsSchema, { io: 'input', unrepresentable: 'any' });
  return { title: 'Passgate', ...toChromeSubset(json as Record<string, unknown>) };
}
