import { sendAadError } from './aad-error.js';
import type { EmulatorContext, Exchange } from './context.js';
import { sendJson } from './http-util.js';

/** GET /common/discovery/instance: what MSAL asks when it does not know an authority host. */
export function handleInstanceDiscovery(exchange: Exchange): void {
  const host = new URL(exchange.origin).host;
  sendJson(exchange.res, 200, {
    tenant_discovery_endpoint: `${exchange.origin}/{tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

/** GET /{tenant}/v2.0/.well-known/openid-configuration */
export function handleOpenIdConfiguration(
  ctx: EmulatorContext,
  exchange: Exchange,
  tenantSegment: string,
): void {
  const tenant = ctx.directory.findTenant(tenantSegment);
  if (!tenant) {
    sendAadError(exchange, 400, 'invalid_tenant', 90002, `Tenant '${tenantSegment}' not found.`, ctx.now());
    return;
  }
  const base = `${exchange.origin}/${tenant.id}`;
  sendJson(exchange.res, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${exchange.origin}/${tenant.id}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(exchange.origin).host,
  });
}

/** GET /{tenant}/discovery/v2.0/keys: the key Graph tokens are signed with. */
export function handleKeys(ctx: EmulatorContext, exchange: Exchange): void {
  const jwk = ctx.signingPublicKey.export({ format: 'jwk' });
  sendJson(exchange.res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: ctx.keyId, n: jwk.n, e: jwk.e }] });
}
