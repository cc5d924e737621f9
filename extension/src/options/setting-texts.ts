import type { ManagedSettingKey } from '@passgate/core/m365';
import { t } from '../lib/i18n.js';

/**
 * What each setting means, in the browser's language (the options page's hint under each field).
 * Core's `managedSettingDescriptions` say the same for admins in English (policy templates, schema);
 * these are the extension's own messages, so the page reads in one language. Written as t() calls
 * with literal keys so the locales test sees each message used.
 */
const HINTS: Record<ManagedSettingKey, () => string> = {
  portalUrl: () => t('extension.hintPortalUrl'),
  enabled: () => t('extension.hintEnabled'),
  interceptIds: () => t('extension.hintInterceptIds'),
  clouds: () => t('extension.hintClouds'),
  extraUrlPatterns: () => t('extension.hintExtraUrlPatterns'),
  excludeUrlPatterns: () => t('extension.hintExcludeUrlPatterns'),
  showExpiredPasswordNotice: () => t('extension.hintShowExpiredPasswordNotice'),
  tenantDomains: () => t('extension.hintTenantDomains'),
  organisationName: () => t('extension.hintOrganisationName'),
  supportUrl: () => t('extension.hintSupportUrl'),
};

/** What a valid value of each setting looks like: the error beside a refused field. */
const INVALID: Record<ManagedSettingKey, () => string> = {
  portalUrl: () => t('extension.invalidPortalUrl'),
  enabled: () => t('extension.invalidEnabled'),
  interceptIds: () => t('extension.invalidInterceptIds'),
  clouds: () => t('extension.invalidClouds'),
  extraUrlPatterns: () => t('extension.invalidExtraUrlPatterns'),
  excludeUrlPatterns: () => t('extension.invalidExcludeUrlPatterns'),
  showExpiredPasswordNotice: () => t('extension.invalidShowExpiredPasswordNotice'),
  tenantDomains: () => t('extension.invalidTenantDomains'),
  organisationName: () => t('extension.invalidOrganisationName'),
  supportUrl: () => t('extension.invalidSupportUrl'),
};

/** The hint under a setting's field. */
export function settingHint(key: ManagedSettingKey): string {
  return HINTS[key]();
}

/** What a valid value of a setting looks like, said when one was refused. */
export function settingInvalid(key: ManagedSettingKey): string {
  return INVALID[key]();
}

/** Whether a key from a validation report names one of the settings (reports carry plain strings). */
export function isSettingKey(key: string): key is ManagedSettingKey {
  return Object.hasOwn(INVALID, key);
}
