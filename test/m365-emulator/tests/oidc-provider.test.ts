import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { form, rawHttps } from './raw-https.js';

const REDIRECT = 'http://127.0.0.1:9/admin/callback';
const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

let emulator: M365Emulator;
let client: { clientId: string; clientSecret: string };

beforeAll(async () => {
  emulator = await startM365Emulator();
  emulator.oidc.setPeople([{ email: 'Ann@Contoso.example', name: 'Ann Admin', groups: ['g1'] }]);
  client = emulator.oidc.addClient({ redirectUris: [REDIRECT] });
});
afterAll(async () => {
  await emulator?.close();
});

function authorizeQuery(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    scope: 'openid email profile',
    state: 's1',
    nonce: 'n1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
}

/** Chooses Ann on the "Sign in as" page; returns the code sent back. */
async function code(extra: Record<string, string> = {}): Promise<string> {
  const fields = Object.fromEntries(new URLSearchParams(authorizeQuery(extra)));
  const chosen = await rawHttps(
    'POST',
    `${emulator.oidc.issuer}/authorize`,
    emulator.caCertificatePem,
    form({ ...fields, person: 'ann@contoso.example' }),
  );
  expect(chosen.status).toBe(302);
  const back = new URL(String(chosen.headers.location));
  expect(back.searchParams.get('state')).toBe('s1');
  return back.searchParams.get('code') ?? '';
}

function redeem(values: Record<string, string>, basic = true) {
  const auth = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const body = form({
    grant_type: 'authorization_code',
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
    ...values,
  });
  return rawHttps('POST', `${emulator.oidc.issuer}/token`, emulator.caCertificatePem, {
    headers: { ...body.headers, ...(basic ? { authorization: `Basic ${auth}` } : {}) },
    body: body.body,
  });
}

function claims(idToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('the emulated OpenID Connect provider', () => {
  it('publishes discovery and a JWKS for its own issuer', async () => {
    const discovery = await rawHttps(
      'GET',
      `${emulator.oidc.issuer}/.well-known/openid-configuration`,
      emulator.caCertificatePem,
    );
    expect(discovery.json).toMatchObject({
      issuer: emulator.oidc.issuer,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
    const jwks = await rawHttps('GET', `${emulator.oidc.issuer}/jwks`, emulator.caCertificatePem);
    expect(jwks.json).toMatchObject({ keys: [{ kty: 'EC', crv: 'P-256', alg: 'ES256' }] });
  });

  it('shows an error page, and never redirects, for a redirect URI that is not registered', async () => {
    const answer = await rawHttps(
      'GET',
      `${emulator.oidc.issuer}/authorize?${authorizeQuery({ redirect_uri: 'https://evil.example/cb' })}`,
      emulator.caCertificatePem,
    );
    expect(answer.status).toBe(400);
    expect(answer.headers.location).toBeUndefined();
  });

  it('sends back an error when PKCE is missing', async () => {
    const answer = await rawHttps(
      'GET',
      `${emulator.oidc.issuer}/authorize?${authorizeQuery({ code_challenge_method: 'plain' })}`,
      emulator.caCertificatePem,
    );
    expect(new URL(String(answer.headers.location)).searchParams.get('error')).toBe('invalid_request');
  });

  it('shows a "Sign in as" page listing the people', async () => {
    const answer = await rawHttps(
      'GET',
      `${emulator.oidc.issuer}/authorize?${authorizeQuery()}`,
      emulator.caCertificatePem,
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Sign in as Ann Admin (ann@contoso.example)');
  });

  it('redeems a code once, with client_secret_basic or _post, for an ID token with the claims a relying party checks', async () => {
    const first = await redeem({ code: await code() });
    expect(first.status).toBe(200);
    const token = (first.json as { id_token: string }).id_token;
    expect(claims(token)).toMatchObject({
      iss: emulator.oidc.issuer,
      aud: client.clientId,
      nonce: 'n1',
      email: 'ann@contoso.example',
      email_verified: true,
      name: 'Ann Admin',
      groups: ['g1'],
      auth_time: expect.any(Number),
      exp: expect.any(Number),
      iat: expect.any(Number),
      sub: expect.any(String),
    });
    const used = await code();
    const posted = await redeem(
      { code: used, client_id: client.clientId, client_secret: client.clientSecret },
      false,
    );
    expect(posted.status).toBe(200);
    const again = await redeem({ code: used });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_grant' });
  });

  it('leaves out email_verified and auth_time, or says email_verified false, for a person set up so (as Entra ID does)', async () => {
    const ann = { email: 'ann@contoso.example', name: 'Ann Admin', groups: ['g1'] };
    try {
      emulator.oidc.setPeople([{ ...ann, emailVerified: null, sendAuthTime: false }]);
      const entraLike = claims(
        ((await redeem({ code: await code() })).json as { id_token: string }).id_token,
      );
      expect(entraLike).toMatchObject({ email: 'ann@contoso.example', iat: expect.any(Number) });
      expect(entraLike).not.toHaveProperty('email_verified');
      expect(entraLike).not.toHaveProperty('auth_time');
      emulator.oidc.setPeople([{ ...ann, emailVerified: false }]);
      const unverified = claims(
        ((await redeem({ code: await code() })).json as { id_token: string }).id_token,
      );
      expect(unverified).toMatchObject({ email_verified: false, auth_time: expect.any(Number) });
    } finally {
      emulator.oidc.setPeople([ann]);
    }
  });

  it('refuses a wrong verifier, a wrong secret, and both client authentications at once', async () => {
    expect((await redeem({ code: await code(), code_verifier: 'w'.repeat(43) })).json).toMatchObject({
      error: 'invalid_grant',
    });
    const both = await redeem({
      code: await code(),
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(both.status).toBe(401);
  });

  it('tampers the next ID token through the control API, once', async () => {
    const tamper = await rawHttps(
      'POST',
      `${emulator.origin}/_emulator/api/oidc/tamper`,
      emulator.caCertificatePem,
      { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tamper: 'wrong-audience' }) },
    );
    expect(tamper.status).toBe(200);
    const tampered = await redeem({ code: await code() });
    expect(claims((tampered.json as { id_token: string }).id_token).aud).toBe('another-client');
    const honest = await redeem({ code: await code() });
    expect(claims((honest.json as { id_token: string }).id_token).aud).toBe(client.clientId);
  });
});
