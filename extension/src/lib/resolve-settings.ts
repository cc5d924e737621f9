import {
  type EffectiveSettings,
  type InvalidSetting,
  type ManagedSettingKey,
  type ManagedSettings,
  managedSettingsDefaults,
  parseSettingsPerKey,
} from '@passgate/core/m365';

export interface ResolvedSettings {
  effective: EffectiveSettings;
  /** Keys set by enterprise policy: the options page shows them locked. */
  locked: ManagedSettingKey[];
  /** Values that were ignored, with where they came from. */
  invalid: (InvalidSetting & { source: 'policy' | 'user' })[];
}

/**
 * Precedence, per key: a valid policy value, else a valid user option, else the default.
 * An invalid policy value does not lock its key, so the user's option (or the default) applies.
 */
export function resolveSettings(managedRaw: unknown, userRaw: unknown): ResolvedSettings {
  const managed = parseSettingsPerKey(managedRaw);
  const user = parseSettingsPerKey(userRaw);
  const merged: ManagedSettings = { ...user.settings, ...managed.settings };
  return {
    effective: { ...managedSettingsDefaults, ...stripUndefined(merged) },
    locked: Object.keys(managed.settings) as ManagedSettingKey[],
    invalid: [
      ...managed.invalid.map((entry) => ({ ...entry, source: 'policy' as const })),
      ...user.invalid.map((entry) => ({ ...entry, source: 'user' as const })),
    ],
  };
}

function stripUndefined(settings: ManagedSettings): ManagedSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/** Why the extension does nothing, or undefined when it is active. */
export function idleReason(settings: EffectiveSettings): 'no-portal' | 'disabled' | undefined {
  if (settings.portalUrl === undefined) return 'no-portal';
  if (!settings.enabled) return 'disabled';
  return undefined;
}

/** The portal URL without a trailing slash, so paths can be appended. */
export function portalBase(portalUrl: string): string {
  return portalUrl.replace(/\/+$/, '');
}
