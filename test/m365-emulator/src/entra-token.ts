import { randomUUID, timingSafeEqual } from 'node:crypto';
import { sendAadError } from './aad-error.js';
import { type EmulatorContext, type Exchange, graphAudiences } from './context.js';
import type { EmulatedApp, EmulatedKeyCredential, EmulatedTenant } from './directory.js';
import { roleTemplateIds } from './directory-role-templates.js';
import { sendJson } from './http-util.js';
import { decodeJwt, signJwt, verifyJwtSignature } from './jwt.js';

export const TOKEN_LIFETIME_SECONDS = 3599;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A registered certificate outside its keyCredential dates (the certificate's notBefore and notAfter),
 * judged by the emulator's clock. Entra answers AADSTS700027 with the reason "The key used is expired."
 * and the key's dates, as seen in its answers (e.g. azure-automation-ise-addon#136). It gives the same
 * reason for a key whose start is still ahead: a certificate made in a time zone east of UTC and used at
 * once was refused so until its start had passed (Azure/azure-powershell#9049, "Certificate starts in
 * the future" in azure-automation-ise-addon#136); Microsoft documents no other code for it.
 */
function keyOutsideItsDates(
  ctx: EmulatorContext,
  key: EmulatedKeyCredential,
  thumbprint: string,
): { aadsts: number; description: string } | null {
  const now = ctx.now();
  if (key.startDateTime <= now && now < key.endDateTime) return null;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return {
    aadsts: 700027,
    description: `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${day(key.startDateTime)}, End=${day(key.endDateTime)}']`,
  };
}

/** Returns an error description (and code) when the client's credential is not accepted. */
function authenticateClient(
  ctx: EmulatorContext,
  exchange: Exchange,
  app: EmulatedApp,
  form: URLSearchParams,
): { aadsts: number; description: string } | null {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (app.clientSecret !== undefined && safeEqual(secret, app.clientSecret.value)) {
      // A secret past its passwordCredential.endDateTime: Entra's wording, with the links it sends.
      if (app.clientSecret.endDateTime <= ctx.now()) {
        return {
          aadsts: 7000222,
          description: `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
        };
      }
      return null;
    }
    return {
      aadsts: 7000215,
      description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    };
  }
  if (assertion === null) {
    return {
      aadsts: 7000218,
      description:
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    };
  }
  if (form.get('client_assertion_type') !== JWT_BEARER) {
    return { aadsts: 50027, description: 'Invalid client_assertion_type.' };
  }
  const jwt = decodeJwt(assertion);
  if (!jwt) return { aadsts: 50027, description: 'JWT token is invalid or malformed.' };
  const thumbprint = jwt.header['x5t#S256'];
  const key = typeof thumbprint === 'string' ? app.certificates.get(thumbprint) : undefined;
  if (!key) {
    return {
      aadsts: 700027,
      description: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(thumbprint)}']`,
    };
  }
  if (!verifyJwtSignature(jwt, key.certificate.publicKey)) {
    return { aadsts: 700027, description: 'Client assertion contains an invalid signature.' };
  }
  const outside = keyOutsideItsDates(ctx, key, String(thumbprint));
  if (outside) return outside;
  const { iss, sub, aud, exp, nbf } = jwt.payload;
  if (iss !== app.clientId || sub !== app.clientId) {
    return {
      aadsts: 700021,
      description: 'Client assertion application identifier does not match client_id.',
    };
  }
  const audPath = typeof aud === 'string' && URL.canParse(aud) ? new URL(aud).pathname : undefined;
  if (audPath !== exchange.url.pathname) {
    return {
      aadsts: 700212,
      description: 'No matching federated identity record found for presented assertion audience.',
    };
  }
  const nowSeconds = ctx.wallNow() / 1000;
  if (typeof exp !== 'number' || exp < nowSeconds || (typeof nbf === 'number' && nbf > nowSeconds + 300)) {
    return { aadsts: 700024, description: 'Client assertion is not within its valid time range.' };
  }
  return null;
}

function issueToken(
  ctx: EmulatorContext,
  tenant: EmulatedTenant,
  app: EmulatedApp,
  audience: string,
): string {
  const issuedAt = Math.floor(ctx.now() / 1000);
  // Directory roles held by the app's service principal, as role template ids. Microsoft documents
  // `wids` for user tokens; app-only tokens are observed to carry it too (see the README).
  const wids = roleTemplateIds(app.directoryRoles);
  return signJwt(
    {
      aud: audience,
      iss: `https://sts.windows.net/${tenant.id}/`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + TOKEN_LIFETIME_SECONDS,
      appid: app.clientId,
      azp: app.clientId,
      idtyp: 'app',
      oid: app.clientId,
      sub: app.clientId,
      tid: tenant.id,
      roles: [...app.permissions],
      ...(wids.length > 0 ? { wids } : {}),
      uti: randomUUID(),
      ver: '1.0',
    },
    ctx.signingKey,
    ctx.keyId,
  );
}

/** POST /{tenant}/oauth2/v2.0/token (client credentials only). */
export function handleToken(
  ctx: EmulatorContext,
  exchange: Exchange,
  tenantSegment: string,
  port: number,
): void {
  const now = ctx.now();
  const form = new URLSearchParams(exchange.body);
  exchange.log.body = Object.fromEntries(
    [...form].map(([k, v]) => [k, k === 'client_secret' || k === 'client_assertion' ? '[REDACTED]' : v]),
  );
  const tenant = ctx.directory.findTenant(tenantSegment);
  if (!tenant) {
    sendAadError(
      exchange,
      400,
      'invalid_request',
      90002,
      `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      now,
    );
    return;
  }
  exchange.log.tenantId = tenant.id;
  if (form.get('grant_type') !== 'client_credentials') {
    sendAadError(
      exchange,
      400,
      'unsupported_grant_type',
      70003,
      'The app requested an unsupported grant type.',
      now,
    );
    return;
  }
  const clientId = (form.get('client_id') ?? '').toLowerCase();
  const app = tenant.apps.get(clientId);
  if (!app) {
    sendAadError(
      exchange,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.name}'.`,
      now,
    );
    return;
  }
  exchange.log.clientId = app.clientId;
  const refusal = authenticateClient(ctx, exchange, app, form);
  if (refusal) {
    sendAadError(exchange, 401, 'invalid_client', refusal.aadsts, refusal.description, now);
    return;
  }
  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const scope = scopes[0] ?? '';
  if (scopes.length !== 1 || !scope.endsWith('/.default')) {
    sendAadError(
      exchange,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      now,
    );
    return;
  }
  const audience = scope.slice(0, -'/.default'.length);
  if (!graphAudiences(exchange, port).has(audience)) {
    sendAadError(
      exchange,
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${audience} was not found in the tenant named ${tenant.name}.`,
      now,
    );
    return;
  }
  sendJson(exchange.res, 200, {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: issueToken(ctx, tenant, app, audience),
  });
}
