/**
 * The identity provider answered discovery, but its document names another issuer than admin.oidc.issuer
 * (beyond a final slash). The provider is reachable: its settings and the portal's disagree, and no retry
 * mends that, so the console says ADMIN_IDP_MISCONFIGURED rather than ADMIN_IDP_UNREACHABLE.
 */
export class IssuerMismatchError extends Error {
  override readonly name = 'IssuerMismatchError';

  constructor(
    /** The issuer the provider's discovery document names. */
    readonly published: string,
    /** admin.oidc.issuer as configured. */
    readonly configured: string,
  ) {
    super(`the provider names its issuer ${published}, not ${configured} (admin.oidc.issuer)`);
  }
}
