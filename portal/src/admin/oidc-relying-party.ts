import * as client from 'openid-client';
import type { AdminOidcConfig } from './admin-config-schema.js';
import { IssuerMismatchError } from './issuer-mismatch-error.js';
import { oidcFetch } from './oidc-fetch.js';

/** What the portal keeps between /admin/signin and /admin/callback (sealed in a cookie, see signin-flow-cookie.ts). */
export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Asked when re-authenticating: the ID token's auth_time must be at most this old. */
  maxAgeSeconds: number | null;
}

/** The person the identity provider vouched for, from a validated ID token. */
export interface VerifiedPerson {
  subject: string;
  /** The `email` claim only when the provider vouches for it (`email_verified: true`); roles hang on it. */
  email: string | null;
  name: string;
  groups: string[];
  /** Unix ms of their authentication at the identity provider (auth_time; 0, never recent, when it sends none). */
  authTime: number;
}

export type SignInFailure =
  | { kind: 'unreachable'; detail: string }
  /** Discovery answered with another issuer than admin.oidc.issuer: the settings disagree (IssuerMismatchError). */
  | { kind: 'misconfigured'; detail: string }
  | { kind: 'refused'; detail: string }
  | { kind: 'invalid'; detail: string };

export interface RelyingParty {
  /**
   * The identity provider's authorization URL for a new sign-in, and the checks to keep until the callback.
   * Throws when discovery fails: an IssuerMismatchError when the provider names another issuer.
   */
  start(options: { reauth: boolean; maxAgeSeconds: number }): Promise<{ url: URL; checks: SignInChecks }>;
  /**
   * Redeems the code in the callback's query and validates everything (state, PKCE, ID token signature,
   * issuer, audience, expiry, nonce, auth_time) through openid-client; a value, never a throw.
   */
  finish(callbackQuery: URLSearchParams, checks: SignInChecks): Promise<VerifiedPerson | SignInFailure>;
}

/**
 * The portal as an OpenID Connect relying party (authorization code + PKCE S256) through panva's
 * certified `openid-client`. Discovery runs on first use and again after a failure, so a portal that
 * starts while the identity provider is down signs admins in once it is back.
 */
export function createRelyingParty(
  oidc: AdminOidcConfig,
  redirectUri: string,
  groupsClaim: string,
): RelyingParty {
  const fetcher = oidcFetch(oidc.caCertificates, oidc.timeoutMs);
  const auth =
    oidc.clientAuthMethod === 'client_secret_post'
      ? client.ClientSecretPost(oidc.clientSecret)
      : client.ClientSecretBasic(oidc.clientSecret);
  let configuration: Promise<client.Configuration> | null = null;

  const discover = (issuer: string): Promise<client.Configuration> =>
    client.discovery(new URL(issuer), oidc.clientId, undefined, auth, {
      [client.customFetch]: fetcher,
      timeout: Math.ceil(oidc.timeoutMs / 1000),
    });

  function discovered(): Promise<client.Configuration> {
    if (configuration === null) {
      configuration = discover(oidc.issuer)
        .catch((error: unknown) => {
          const published = publishedIssuer(error);
          if (published === null) throw error;
          // Only a final slash differs: the same discovery document, and the provider's own spelling is
          // the one its tokens carry (until this was compared exactly, a configured slash was cut).
          if (published.replace(/\/$/, '') === oidc.issuer.replace(/\/$/, '')) return discover(published);
          throw new IssuerMismatchError(published, oidc.issuer);
        })
        .then((config) => {
          // OIDC Core 3.1.3.7 lets a code-flow client skip the ID token's signature (TLS vouches for the
          // token endpoint); openid-client does skip it unless asked. The console checks it against the
          // provider's JWKS anyway: a token from anywhere but the provider's key is refused.
          client.enableNonRepudiationChecks(config);
          return config;
        })
        .catch((error: unknown) => {
          configuration = null;
          throw error;
        });
    }
    return configuration;
  }

  return {
    async start({ reauth, maxAgeSeconds }) {
      const config = await discovered();
      const checks: SignInChecks = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        maxAgeSeconds: reauth ? maxAgeSeconds : null,
      };
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        scope: [...new Set(['openid', ...oidc.scopes])].join(' '),
        response_type: 'code',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      };
      // OIDC Core 3.1.2.1: max_age=0 and prompt=login both ask for a fresh authentication; some IdPs
      // honour only one of the two, so both go.
      if (reauth) Object.assign(parameters, { max_age: '0', prompt: 'login' });
      return { url: client.buildAuthorizationUrl(config, parameters), checks };
    },

    async finish(callbackQuery, checks) {
      // The redirect_uri that openid-client sends with the code is this URL without its query, and must be
      // the one the authorization request named. Not the request's own URL: behind a proxy that ends TLS
      // the portal is reached over http, and the provider would refuse the code (invalid_grant).
      const callbackUrl = new URL(redirectUri);
      callbackUrl.search = callbackQuery.toString();
      let config: client.Configuration;
      try {
        config = await discovered();
      } catch (error) {
        // Discovery runs anew here when the portal restarted (or discovery failed) since the sign-in began.
        const kind = error instanceof IssuerMismatchError ? 'misconfigured' : 'unreachable';
        return { kind, detail: describe(error) };
      }
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
          ...(checks.maxAgeSeconds === null ? {} : { maxAge: checks.maxAgeSeconds }),
        });
        const claims = tokens.claims();
        if (claims === undefined) return { kind: 'invalid', detail: 'no ID token in the token response' };
        return personFrom(claims, groupsClaim);
      } catch (error) {
        if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError)
          return { kind: 'refused', detail: `${error.error}: ${error.error_description ?? ''}`.trim() };
        if (isNetworkFailure(error)) return { kind: 'unreachable', detail: describe(error) };
        return { kind: 'invalid', detail: describe(error) };
      }
    },
  };
}

function personFrom(claims: client.IDToken, groupsClaim: string): VerifiedPerson {
  // An address the provider has not checked is whatever the person typed into their profile there: it
  // must never match an entry in `admins`. Entra ID sends no email_verified at all (roles by group there).
  const email =
    typeof claims.email === 'string' && claims.email_verified === true ? claims.email.toLowerCase() : null;
  const rawGroups = claims[groupsClaim];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.filter((group): group is string => typeof group === 'string')
    : [];
  const name =
    typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name : (email ?? claims.sub);
  // Only auth_time says when the person last typed their credentials; iat is when the token was minted,
  // which a silent SSO sign-in makes fresh at will. Without auth_time no sign-in ever counts as recent.
  const authTime = typeof claims.auth_time === 'number' ? claims.auth_time * 1000 : 0;
  return { subject: claims.sub, email, name, groups, authTime };
}

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'AbortError' || error.name === 'TimeoutError' || error instanceof TypeError;
}

/**
 * A line for the log: openid-client's code and message only. Its `cause` can hold the IdP's whole
 * response (tokens included), so it is never logged.
 */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown failure';
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`;
}

/** The issuer a provider's discovery document names, when discovery failed because it is not the one configured. */
function publishedIssuer(error: unknown): string | null {
  if (!(error instanceof client.ClientError) || error.code !== 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')
    return null;
  const cause = error.cause as { attribute?: unknown; body?: { issuer?: unknown } } | undefined;
  return cause?.attribute === 'issuer' && typeof cause.body?.issuer === 'string' ? cause.body.issuer : null;
}
