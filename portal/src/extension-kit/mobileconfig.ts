import { createHash } from 'node:crypto';
import { plistXml } from './plist-xml.js';

/** A UUID derived from a name, so regenerating a profile updates the installed one instead of adding a second. */
function stableUuid(name: string): string {
  const hex = createHash('sha256').update(`passgate-mobileconfig:${name}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

export interface MobileconfigInput {
  /** com.google.Chrome or com.microsoft.Edge. */
  browserDomain: string;
  extensionId: string;
  browserPolicies: Record<string, unknown>;
  settings: Record<string, unknown>;
  organisationName: string;
  comments: readonly string[];
}

function payload(
  type: string,
  extensionId: string,
  displayName: string,
  content: Record<string, unknown>,
): Record<string, unknown> {
  return {
    PayloadType: type,
    PayloadIdentifier: `dev.passgate.extension.${type}`,
    PayloadUUID: stableUuid(`${type}:${extensionId}`),
    PayloadVersion: 1,
    PayloadDisplayName: displayName,
    PayloadEnabled: true,
    ...content,
  };
}

/**
 * A macOS configuration profile with two payloads: the browser's own domain (force-install,
 * pinning, private windows) and `<domain>.extensions.<id>`, which the browser hands to the
 * extension as its managed storage. Device-scoped: Chrome and Edge take machine-level managed
 * preferences only from a profile installed by MDM.
 */
export function mobileconfig(input: MobileconfigInput): string {
  const extensionDomain = `${input.browserDomain}.extensions.${input.extensionId}`;
  const profile = {
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: `dev.passgate.extension.profile.${input.browserDomain}`,
    PayloadUUID: stableUuid(`profile:${input.browserDomain}:${input.extensionId}`),
    PayloadDisplayName: `Passgate extension (${input.browserDomain})`,
    PayloadDescription: `Installs the Passgate extension and points it at ${String(input.settings.portalUrl)}.`,
    PayloadOrganization: input.organisationName,
    PayloadScope: 'System',
    PayloadContent: [
      payload(
        input.browserDomain,
        input.extensionId,
        `${input.browserDomain} extension policy`,
        input.browserPolicies,
      ),
      payload(extensionDomain, input.extensionId, 'Passgate extension settings', input.settings),
    ],
  };
  return plistXml(profile, input.comments);
}
