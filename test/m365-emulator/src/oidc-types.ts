/** A person the demo identity provider's "Sign in as" page offers. */
export interface OidcPerson {
  email: string;
  name: string;
  /** Default: derived from the e-mail, stable for the emulator's life. */
  sub?: string;
  /** Sent as the `groups` claim (ids, as Entra ID sends object ids). */
  groups?: string[];
  /**
   * The `email_verified` claim: true by default (Keycloak, Okta and Google send it for a checked address);
   * false for an address the person typed in unchecked; null leaves the claim out, as Entra ID does.
   */
  emailVerified?: boolean | null;
  /** false leaves `auth_time` out of the ID token, as an IdP does unless asked (Entra ID: an optional claim). */
  sendAuthTime?: boolean;
}

/** What the next ID token gets wrong, once (then the provider is honest again). */
export type IdTokenTamper = 'bad-signature' | 'wrong-issuer' | 'wrong-audience' | 'expired' | 'wrong-nonce';

/** One request to the authorize endpoint, as the relying party sent it (for tests of max_age/prompt). */
export interface OidcAuthorizeRequest {
  clientId: string | null;
  prompt: string | null;
  maxAge: string | null;
  codeChallengeMethod: string | null;
  /** Whether the "Sign in as" page was shown (false: the provider's own session answered). */
  showedPage: boolean;
}

/**
 * The emulator as an OpenID Connect provider (OIDC Core 1.0, authorization code flow with PKCE), for the
 * admin console's demo and tests. Issuer `<origin>/oidc`; ID tokens are ES256, signed with a key of its own.
 */
export interface EmulatedOidcProvider {
  readonly issuer: string;
  /** Registers a relying party; a secret is generated unless given. Redirect URIs must match exactly. */
  addClient(input: { clientId?: string; clientSecret?: string; redirectUris: string[] }): {
    clientId: string;
    clientSecret: string;
  };
  /** The people on the "Sign in as" page, in order (replaces the list). */
  setPeople(people: readonly OidcPerson[]): void;
  people(): OidcPerson[];
  /** Makes the next ID token fail one check the relying party must make. */
  tamperNextIdToken(tamper: IdTokenTamper): void;
  /** When true, the token endpoint skips the PKCE check (a broken provider: the relying party's own checks must still hold). */
  ignorePkce(ignore: boolean): void;
  authorizeRequests(): OidcAuthorizeRequest[];
  /** Every code redeemed at the token endpoint with what came and went (tests scan the relying party's logs for them). */
  tokenExchanges(): OidcTokenExchange[];
}

/** One token request, successful or not: the secrets a relying party must never log or store. */
export interface OidcTokenExchange {
  code: string;
  codeVerifier: string | null;
  idToken: string | null;
  accessToken: string | null;
}
