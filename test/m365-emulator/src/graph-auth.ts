import { type EmulatorContext, type Exchange, graphAudiences } from './context.js';
import type { EmulatedApp, EmulatedTenant } from './directory.js';
import { sendGraphError } from './graph-respond.js';
import { decodeJwt, verifyJwtSignature } from './jwt.js';

export interface GraphCaller {
  tenant: EmulatedTenant;
  app: EmulatedApp;
  /** Application permissions from the token's roles claim (as issued, not as now configured). */
  roles: Set<string>;
}

/** Validates the bearer token as Graph does: signature, audience, lifetime, tenant and app. */
export function authenticateGraphCaller(
  ctx: EmulatorContext,
  exchange: Exchange,
  port: number,
): GraphCaller | null {
  const refuse = (message: string): null => {
    sendGraphError(ctx, exchange, 401, 'InvalidAuthenticationToken', message, {
      'www-authenticate': `Bearer realm="", authorization_uri="${exchange.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    });
    return null;
  };
  const header = exchange.req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/i.exec(header);
  if (!match?.[1]) return refuse('Access token is empty.');
  const jwt = decodeJwt(match[1]);
  if (!jwt || !verifyJwtSignature(jwt, ctx.signingPublicKey))
    return refuse('Access token validation failure.');
  const { aud, exp, nbf, tid, appid, roles } = jwt.payload;
  if (typeof aud !== 'string' || !graphAudiences(exchange, port).has(aud)) {
    return refuse('Access token validation failure. Invalid audience.');
  }
  const nowSeconds = ctx.now() / 1000;
  if (typeof exp !== 'number' || exp <= nowSeconds || (typeof nbf === 'number' && nbf > nowSeconds + 300)) {
    return refuse('Lifetime validation failed, the token is expired.');
  }
  const tenant = typeof tid === 'string' ? ctx.directory.tenants.get(tid) : undefined;
  const app = tenant && typeof appid === 'string' ? tenant.apps.get(appid) : undefined;
  if (!tenant || !app) return refuse('Access token validation failure.');
  exchange.log.tenantId = tenant.id;
  exchange.log.clientId = app.clientId;
  return { tenant, app, roles: new Set(Array.isArray(roles) ? roles.map(String) : []) };
}

export const READ_PERMISSIONS = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
export const PASSWORD_PERMISSIONS = [
  'User-PasswordProfile.ReadWrite.All',
  'User.ReadWrite.All',
  'Directory.ReadWrite.All',
];
export const ENABLE_PERMISSIONS = [
  'User.EnableDisableAccount.All',
  'User.ReadWrite.All',
  'Directory.ReadWrite.All',
];
export const REVOKE_PERMISSIONS = [
  'User.RevokeSessions.All',
  'User.ReadWrite.All',
  'Directory.ReadWrite.All',
];
export const WRITE_PERMISSIONS = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];

export function holdsAny(caller: GraphCaller, permissions: string[]): boolean {
  return permissions.some((p) => caller.roles.has(p));
}

/**
 * Sensitive actions on a user holding an admin role need an app holding Privileged Authentication
 * Administrator (or Global Administrator); User Administrator is not enough.
 */
export function mayActOnPrivilegedTarget(caller: GraphCaller, targetRoles: string[]): boolean {
  if (targetRoles.length === 0) return true;
  return (
    caller.app.directoryRoles.has('Privileged Authentication Administrator') ||
    caller.app.directoryRoles.has('Global Administrator')
  );
}
