import { createHash, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import type { Exchange } from './context.js';
import { sendHtml, sendJson } from './http-util.js';
import { clientCredentials, cookie, page, same, segment, signInAsPage } from './oidc-http.js';
import type {
  EmulatedOidcProvider,
  IdTokenTamper,
  OidcAuthorizeRequest,
  OidcPerson,
  OidcTokenExchange,
} from './oidc-types.js';

interface Client {
  clientId: string;
  clientSecret: string;
  redirectUris: Set<string>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  nonce: string | null;
  person: Required<OidcPerson>;
  authTime: number;
  expiresAt: number;
  used: boolean;
}

const CODE_LIFETIME_MS = 60_000;
const ID_TOKEN_LIFETIME_S = 300;
const SSO_COOKIE = 'emu_oidc_sso';

export interface OidcProviderHandle {
  api: EmulatedOidcProvider;
  /** Answers a request under /oidc/; true when it did. */
  route(exchange: Exchange): boolean;
}

/** A small, strict OIDC provider: what Keycloak, Okta or Entra ID do for a confidential web client. */
export function createOidcProvider(
  origin: string,
  now: () => number,
  options: { issuerSlash: boolean },
): OidcProviderHandle {
  // The endpoints live under /oidc/ either way; the issuer, as some providers publish it, may end in a slash.
  const base = `${origin}/oidc`;
  const issuer = options.issuerSlash ? `${base}/` : base;
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  const clients = new Map<string, Client>();
  const grants = new Map<string, Grant>();
  const sso = new Map<string, { email: string; authTime: number }>();
  const authorizeLog: OidcAuthorizeRequest[] = [];
  const exchanges: OidcTokenExchange[] = [];
  let people: Required<OidcPerson>[] = [];
  let tamper: IdTokenTamper | null = null;
  let skipPkce = false;

  const api: EmulatedOidcProvider = {
    issuer,
    addClient(input) {
      const client: Client = {
        clientId: input.clientId ?? randomUUID(),
        clientSecret: input.clientSecret ?? randomBytes(24).toString('base64url'),
        redirectUris: new Set(input.redirectUris),
      };
      clients.set(client.clientId, client);
      return { clientId: client.clientId, clientSecret: client.clientSecret };
    },
    setPeople(list) {
      people = list.map((person) => ({
        email: person.email.toLowerCase(),
        name: person.name,
        sub:
          person.sub ??
          createHash('sha256').update(`sub:${person.email.toLowerCase()}`).digest('hex').slice(0, 32),
        groups: [...(person.groups ?? [])],
        emailVerified: person.emailVerified === undefined ? true : person.emailVerified,
        sendAuthTime: person.sendAuthTime ?? true,
      }));
    },
    people: () => people.map((person) => ({ ...person, groups: [...person.groups] })),
    tamperNextIdToken(next) {
      tamper = next;
    },
    ignorePkce(ignore) {
      skipPkce = ignore;
    },
    authorizeRequests: () => authorizeLog.map((entry) => ({ ...entry })),
    tokenExchanges: () => exchanges.map((entry) => ({ ...entry })),
  };

  function route(exchange: Exchange): boolean {
    const path = exchange.url.pathname;
    const method = exchange.req.method ?? 'GET';
    if (!path.startsWith('/oidc/')) return false;
    if (method === 'GET' && path === '/oidc/.well-known/openid-configuration') discovery(exchange);
    else if (method === 'GET' && path === '/oidc/jwks') jwks(exchange);
    else if ((method === 'GET' || method === 'POST') && path === '/oidc/authorize')
      authorize(exchange, method);
    else if (method === 'POST' && path === '/oidc/token') token(exchange);
    else
      sendJson(exchange.res, 404, {
        error: 'not_found',
        error_description: `No OIDC endpoint ${method} ${path}`,
      });
    return true;
  }

  function discovery(exchange: Exchange): void {
    sendJson(exchange.res, 200, {
      issuer,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/jwks`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'email', 'profile'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nonce',
        'auth_time',
        'email',
        'email_verified',
        'name',
        'groups',
      ],
      claims_parameter_supported: false,
    });
  }

  function jwks(exchange: Exchange): void {
    const jwk = key.publicKey.export({ format: 'jwk' });
    sendJson(exchange.res, 200, { keys: [{ ...jwk, kid, use: 'sig', alg: 'ES256' }] });
  }

  function authorize(exchange: Exchange, method: string): void {
    const params = method === 'POST' ? new URLSearchParams(exchange.body) : exchange.url.searchParams;
    const clientId = params.get('client_id');
    const redirectUri = params.get('redirect_uri');
    const client = clientId === null ? undefined : clients.get(clientId);
    // RFC 6749 4.1.2.1: with an unknown client or redirect URI, never redirect; tell the person.
    if (client === undefined || redirectUri === null || !client.redirectUris.has(redirectUri)) {
      sendHtml(
        exchange.res,
        400,
        page('Sign-in error', '<p>Unknown client_id or a redirect_uri not registered for it.</p>'),
      );
      return;
    }
    const state = params.get('state');
    const back = (query: Record<string, string>): void => {
      const url = new URL(redirectUri);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      if (state !== null) url.searchParams.set('state', state);
      exchange.res.writeHead(302, { location: url.href, 'cache-control': 'no-store' });
      exchange.res.end();
    };
    const prompt = params.get('prompt');
    const maxAge = params.get('max_age');
    const entry: OidcAuthorizeRequest = {
      clientId,
      prompt,
      maxAge,
      codeChallengeMethod: params.get('code_challenge_method'),
      showedPage: false,
    };
    if (method === 'GET') authorizeLog.push(entry);
    if (params.get('response_type') !== 'code') {
      back({ error: 'unsupported_response_type' });
      return;
    }
    if (!(params.get('scope') ?? '').split(' ').includes('openid')) {
      back({ error: 'invalid_scope', error_description: 'openid is required' });
      return;
    }
    const challenge = params.get('code_challenge');
    if (challenge === null || params.get('code_challenge_method') !== 'S256') {
      back({ error: 'invalid_request', error_description: 'PKCE with S256 is required' });
      return;
    }

    let chosen: { person: Required<OidcPerson>; authTime: number } | null = null;
    if (method === 'POST') {
      const email = params.get('person');
      const person = people.find((candidate) => candidate.email === email);
      if (person === undefined) {
        back({ error: 'access_denied' });
        return;
      }
      const authTime = Math.floor(now() / 1000);
      const sessionId = randomBytes(16).toString('hex');
      sso.set(sessionId, { email: person.email, authTime });
      exchange.res.setHeader(
        'set-cookie',
        `${SSO_COOKIE}=${sessionId}; Path=/oidc; HttpOnly; Secure; SameSite=Lax`,
      );
      chosen = { person, authTime };
    } else {
      const session = sso.get(cookie(exchange, SSO_COOKIE) ?? '');
      const person = session && people.find((candidate) => candidate.email === session.email);
      const fresh =
        session !== undefined &&
        (maxAge === null || Math.floor(now() / 1000) - session.authTime <= Number(maxAge));
      // OIDC Core 3.1.2.1: prompt=login and an exceeded max_age both make the person authenticate again.
      if (person && session && fresh && prompt !== 'login') chosen = { person, authTime: session.authTime };
      else if (prompt === 'none') {
        back({ error: 'login_required' });
        return;
      }
    }
    if (chosen === null) {
      entry.showedPage = true;
      sendHtml(exchange.res, 200, signInAsPage(params, people));
      return;
    }
    const code = randomBytes(32).toString('base64url');
    grants.set(code, {
      clientId: client.clientId,
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      nonce: params.get('nonce'),
      person: chosen.person,
      authTime: chosen.authTime,
      expiresAt: now() + CODE_LIFETIME_MS,
      used: false,
    });
    back({ code });
  }

  function token(exchange: Exchange): void {
    const form = new URLSearchParams(exchange.body);
    const record: OidcTokenExchange = {
      code: form.get('code') ?? '',
      codeVerifier: form.get('code_verifier'),
      idToken: null,
      accessToken: null,
    };
    exchanges.push(record);
    const fail = (status: number, error: string, description: string): void =>
      sendJson(
        exchange.res,
        status,
        { error, error_description: description },
        { 'cache-control': 'no-store' },
      );
    const credentials = clientCredentials(exchange, form);
    const client = credentials === null ? undefined : clients.get(credentials.clientId);
    if (credentials === null || client === undefined || !same(credentials.secret, client.clientSecret)) {
      fail(401, 'invalid_client', 'Client authentication failed.');
      return;
    }
    if (form.get('grant_type') !== 'authorization_code') {
      fail(400, 'unsupported_grant_type', 'Only authorization_code is supported.');
      return;
    }
    const grant = grants.get(form.get('code') ?? '');
    if (grant === undefined || grant.clientId !== client.clientId || grant.expiresAt < now()) {
      fail(400, 'invalid_grant', 'The authorization code is invalid or expired.');
      return;
    }
    if (grant.used) {
      // RFC 6749 4.1.2: a code used twice is refused (and would revoke what it gave).
      grants.delete(form.get('code') ?? '');
      fail(400, 'invalid_grant', 'The authorization code was already used.');
      return;
    }
    grant.used = true;
    if (form.get('redirect_uri') !== grant.redirectUri) {
      fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
      return;
    }
    const verifier = form.get('code_verifier') ?? '';
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (!skipPkce && (verifier === '' || !same(computed, grant.codeChallenge))) {
      fail(400, 'invalid_grant', 'PKCE verification failed.');
      return;
    }
    record.accessToken = randomBytes(32).toString('base64url');
    record.idToken = idToken(client.clientId, grant);
    sendJson(
      exchange.res,
      200,
      {
        access_token: record.accessToken,
        token_type: 'Bearer',
        expires_in: ID_TOKEN_LIFETIME_S,
        scope: 'openid email profile',
        id_token: record.idToken,
      },
      { 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  function idToken(clientId: string, grant: Grant): string {
    const applied = tamper;
    tamper = null;
    const iat = Math.floor(now() / 1000);
    const claims: Record<string, unknown> = {
      iss: applied === 'wrong-issuer' ? `${origin}/another-issuer` : issuer,
      sub: grant.person.sub,
      aud: applied === 'wrong-audience' ? 'another-client' : clientId,
      exp: applied === 'expired' ? iat - 600 : iat + ID_TOKEN_LIFETIME_S,
      iat: applied === 'expired' ? iat - 900 : iat,
      ...(grant.person.sendAuthTime ? { auth_time: grant.authTime } : {}),
      email: grant.person.email,
      ...(grant.person.emailVerified === null ? {} : { email_verified: grant.person.emailVerified }),
      name: grant.person.name,
      groups: grant.person.groups,
      ...(grant.nonce === null ? {} : { nonce: applied === 'wrong-nonce' ? 'another-nonce' : grant.nonce }),
    };
    const signer: KeyObject =
      applied === 'bad-signature'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
        : key.privateKey;
    const input = `${segment({ alg: 'ES256', typ: 'JWT', kid })}.${segment(claims)}`;
    const signature = sign('sha256', Buffer.from(input), { key: signer, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  return { api, route };
}
