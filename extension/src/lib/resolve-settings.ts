import {
  type EffectiveSettings,
  type InvalidSetting,
  type ManagedSettings,
  managedSettingsDefaults,
  parseSettingsPerKey,
} from '@passgate/core/m365';

export interface ResolvedSettings {
  effective: EffectiveSettings;
  /**
   * True when enterprise policy sets anything: then policy is the whole configuration and the
   * person can change nothing.
   */
  managed: boolean;
  /** Values that were ignored, with where they came from (shown in the popup and options page). */
  invalid: (InvalidSetting & { source: 'policy' | 'user' })[];
}

/**
 * Policy wins, whole: as soon as policy sets any value (valid or not), the person's own options
 * are not read at all, and every key not validly set by policy takes its default. Merging key by
 * key would let a person switch the extension off under a policy that names only the portal (by
 * unticking `enabled`, or excluding `https://*`). Without any policy, the person's options apply
 * over the defaults.
 */
export function resolveSettings(managedRaw: unknown, userRaw: unknown): ResolvedSettings {
  const policy = parseSettingsPerKey(managedRaw);
  const policyInvalid = policy.invalid.map((entry) => ({ ...entry, source: 'policy' as const }));
  if (Object.keys(policy.settings).length > 0 || policy.invalid.length > 0) {
    return {
      effective: withDefaults(policy.settings),
      managed: true,
      invalid: policyInvalid,
    };
  }
  const user = parseSettingsPerKey(userRaw);
  return {
    effective: withDefaults(user.settings),
    managed: false,
    invalid: user.invalid.map((entry) => ({ ...entry, source: 'user' as const })),
  };
}

function withDefaults(settings: ManagedSettings): EffectiveSettings {
  const set = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  return { ...managedSettingsDefaults, ...set };
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
