import {
  type EffectiveSettings,
  type InvalidSetting,
  type ManagedSettings,
  parseSettingsPerKey,
} from '@passgate/core/m365';

/** The options form's state: text fields as typed, lists one entry per line. */
export interface Draft {
  portalUrl: string;
  organisationName: string;
  supportUrl: string;
  enabled: boolean;
  showExpiredPasswordNotice: boolean;
  interceptIds: string[];
  clouds: string[];
  extraUrlPatterns: string;
  excludeUrlPatterns: string;
  tenantDomains: string;
}

export function draftFrom(settings: EffectiveSettings): Draft {
  return {
    portalUrl: settings.portalUrl ?? '',
    organisationName: settings.organisationName ?? '',
    supportUrl: settings.supportUrl ?? '',
    enabled: settings.enabled,
    showExpiredPasswordNotice: settings.showExpiredPasswordNotice,
    interceptIds: [...settings.interceptIds],
    clouds: [...settings.clouds],
    extraUrlPatterns: settings.extraUrlPatterns.join('\n'),
    excludeUrlPatterns: settings.excludeUrlPatterns.join('\n'),
    tenantDomains: settings.tenantDomains.join('\n'),
  };
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * Turns the form into user options: an empty text field means "not set". Invalid values come
 * back as errors and are not saved.
 */
export function optionsFromDraft(draft: Draft): { options: ManagedSettings; invalid: InvalidSetting[] } {
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  const candidate: Record<string, unknown> = {
    portalUrl: text(draft.portalUrl),
    organisationName: text(draft.organisationName),
    supportUrl: text(draft.supportUrl),
    enabled: draft.enabled,
    showExpiredPasswordNotice: draft.showExpiredPasswordNotice,
    interceptIds: draft.interceptIds,
    clouds: draft.clouds,
    extraUrlPatterns: lines(draft.extraUrlPatterns),
    excludeUrlPatterns: lines(draft.excludeUrlPatterns),
    tenantDomains: lines(draft.tenantDomains),
  };
  const { settings, invalid } = parseSettingsPerKey(candidate);
  return { options: settings, invalid };
}
