import type { PortalConfig } from '../config/portal-config.js';

/** The WebAuthn relying party the portal is: what every passkey is made for and checked against. */
export interface RelyingParty {
  /** The RP ID: publicUrl's host name, without scheme or port (WebAuthn §5.1.4.1 "RP ID"). */
  id: string;
  /** The one origin a passkey answer may come from: publicUrl's scheme, host and port. */
  origin: string;
  /** What authenticators show the person: the organisation's name. */
  name: string;
}

/**
 * Derived from publicUrl, never from the request: the host guard pins Host to publicUrl already, and a
 * passkey must be checked against what the portal is, not against what a request says it is. A passkey
 * is bound to its RP ID by the authenticator: when publicUrl's host changes, the passkeys made for the
 * old one no longer work (docs/admin.md). Browsers refuse an IP address as an RP ID, so passkeys need a
 * host name (localhost works on one machine).
 */
export function relyingPartyOf(config: Pick<PortalConfig, 'publicUrl' | 'organisation'>): RelyingParty {
  const url = new URL(config.publicUrl);
  return { id: url.hostname, origin: url.origin, name: config.organisation.name };
}
