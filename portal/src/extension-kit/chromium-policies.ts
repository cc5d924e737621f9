import { type ManagedSettings, passwordPageHosts } from '@passgate/core/m365';

export interface ChromiumPolicyInput {
  browser: 'chrome' | 'chromium' | 'edge';
  extensionId: string;
  updateUrl: string;
  disableIncognito: boolean;
}

/** Why Incognito/InPrivate may be switched off, written into every file that does it. */
export const INCOGNITO_REASON =
  "Force-installed extensions do not run in Incognito/InPrivate windows, so a user could change the password on Microsoft's page there and bypass the portal.";

/**
 * The hosts Passgate must keep working on even where an organisation blocks extensions from
 * sites (`runtime_blocked_hosts`, often set for every extension under `"*"`): every host of a
 * Microsoft password page the extension knows. Chrome and Edge take at most 100 entries.
 * (https://chromeenterprise.google/policies/#ExtensionSettings; Edge: the same keys.)
 */
export function runtimeAllowedHosts(): string[] {
  return passwordPageHosts().map((host) => `*://${host}`);
}

/**
 * The browser-level policies (not the extension's own values): force-install from the portal's
 * update manifest, pin the button, optionally switch off private windows. The forcelist installs
 * it on every version and merges with other forced extensions; the ExtensionSettings entry repeats
 * force_installed (so either policy alone keeps it) and is the only place pinning and the
 * extension's allowed hosts can be set.
 */
export function chromiumPolicies(input: ChromiumPolicyInput): Record<string, unknown> {
  const edge = input.browser === 'edge';
  const policies: Record<string, unknown> = {
    ExtensionInstallForcelist: [`${input.extensionId};${input.updateUrl}`],
    ExtensionSettings: {
      [input.extensionId]: {
        installation_mode: 'force_installed',
        update_url: input.updateUrl,
        // Edge names the pin toolbar_state; Chrome names it toolbar_pin.
        ...(edge ? { toolbar_state: 'force_shown' } : { toolbar_pin: 'force_pinned' }),
        runtime_allowed_hosts: runtimeAllowedHosts(),
      },
    },
  };
  if (input.disableIncognito) {
    // 1 = Incognito/InPrivate disabled (0 available, 2 forced).
    policies[edge ? 'InPrivateModeAvailability' : 'IncognitoModeAvailability'] = 1;
  }
  return policies;
}

/** The extension's own values in the order of the schema, as browsers will hand them to it. */
export function orderedSettings(settings: ManagedSettings, keys: readonly string[]): Record<string, unknown> {
  const values = settings as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => values[key] !== undefined).map((key) => [key, values[key]]));
}
