import type { EmulatorContext, Exchange } from './context.js';
import { checkEntraPassword } from './entra-password-rules.js';
import {
  ENABLE_PERMISSIONS,
  type GraphCaller,
  holdsAny,
  mayActOnPrivilegedTarget,
  PASSWORD_PERMISSIONS,
  READ_PERMISSIONS,
  REVOKE_PERMISSIONS,
  WRITE_PERMISSIONS,
} from './graph-auth.js';
import { INSUFFICIENT_PRIVILEGES, sendGraphError } from './graph-respond.js';
import { sendEmpty, sendJson } from './http-util.js';
import { appInitiator, logPasswordWrite } from './password-activities.js';
import { parseSelect, projectUser } from './user-representation.js';

const WRITABLE = new Set(['passwordProfile', 'accountEnabled', 'displayName', 'mail', 'passwordPolicies']);

function notFound(ctx: EmulatorContext, exchange: Exchange, idOrUpn: string): void {
  sendGraphError(
    ctx,
    exchange,
    404,
    'Request_ResourceNotFound',
    `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** Writes count against the per-app-per-tenant bucket; false (and a 429 sent) when it is empty. */
export function takeWrite(ctx: EmulatorContext, exchange: Exchange, caller: GraphCaller): boolean {
  const waitMs = ctx.throttle.take(`${caller.tenant.id}/${caller.app.clientId}`, ctx.now());
  if (waitMs === 0) return true;
  sendGraphError(
    ctx,
    exchange,
    429,
    'Request_ThrottledTemporarily',
    'The request has been throttled temporarily. Please try after some time.',
    {
      'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
    },
  );
  return false;
}

/** GET /v1.0/users/{id|upn} */
export function handleGetUser(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  idOrUpn: string,
): void {
  if (!holdsAny(caller, READ_PERMISSIONS)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const user = ctx.directory.findUser(caller.tenant, idOrUpn);
  if (!user) {
    notFound(ctx, exchange, idOrUpn);
    return;
  }
  const select = parseSelect(exchange.url.searchParams.get('$select'));
  if ('unknown' in select) {
    sendGraphError(
      ctx,
      exchange,
      400,
      'Request_BadRequest',
      `Could not find a property named '${select.unknown}' on type 'microsoft.graph.user'.`,
    );
    return;
  }
  sendJson(exchange.res, 200, {
    '@odata.context': `${exchange.origin}/v1.0/$metadata#users(${select.fields.join(',')})/$entity`,
    ...projectUser(user, select.fields),
  });
}

function parsePatch(body: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** PATCH /v1.0/users/{id|upn}: passwordProfile, accountEnabled and a few plain properties. */
export function handlePatchUser(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  idOrUpn: string,
): void {
  const patch = parsePatch(exchange.body);
  const profile = patch?.passwordProfile as
    | { password?: unknown; forceChangePasswordNextSignIn?: unknown }
    | undefined;
  exchange.log.body =
    patch && profile ? { ...patch, passwordProfile: { ...profile, password: '[REDACTED]' } } : patch;
  if (!takeWrite(ctx, exchange, caller)) return;
  if (!patch) {
    sendGraphError(ctx, exchange, 400, 'BadRequest', 'Unable to read JSON request payload.');
    return;
  }
  const unknown = Object.keys(patch).find((k) => !WRITABLE.has(k));
  if (unknown) {
    sendGraphError(
      ctx,
      exchange,
      400,
      'Request_BadRequest',
      `Property '${unknown}' is not writable or does not exist on type 'microsoft.graph.user'.`,
    );
    return;
  }

  const password = typeof profile?.password === 'string' ? profile.password : undefined;
  const needs = [
    ...(password !== undefined ? [PASSWORD_PERMISSIONS] : []),
    ...('accountEnabled' in patch ? [ENABLE_PERMISSIONS] : []),
    ...(['displayName', 'mail', 'passwordPolicies'].some((k) => k in patch) ? [WRITE_PERMISSIONS] : []),
  ];
  if (!needs.every((set) => holdsAny(caller, set))) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const user = ctx.directory.findUser(caller.tenant, idOrUpn);
  if (!user) {
    notFound(ctx, exchange, idOrUpn);
    return;
  }
  const sensitive = password !== undefined || 'accountEnabled' in patch;
  if (sensitive && !mayActOnPrivilegedTarget(caller, user.directoryRoles)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  if (user.onPremisesSyncEnabled && sensitive) {
    sendGraphError(
      ctx,
      exchange,
      400,
      'Request_BadRequest',
      'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
    );
    return;
  }
  if (password !== undefined) {
    if (ctx.directory.domainOf(caller.tenant, user.userPrincipalName)?.federated) {
      sendGraphError(
        ctx,
        exchange,
        400,
        'Request_BadRequest',
        'Unable to update the password of a user in a federated domain: the password is managed by the federation provider.',
      );
      return;
    }
    if (checkEntraPassword(password, { tenantName: caller.tenant.name, displayName: user.displayName })) {
      sendGraphError(
        ctx,
        exchange,
        400,
        'Request_BadRequest',
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      );
      return;
    }
  }
  if (typeof patch.accountEnabled === 'boolean') user.accountEnabled = patch.accountEnabled;
  if (typeof patch.displayName === 'string') user.displayName = patch.displayName;
  if (typeof patch.mail === 'string') user.mail = patch.mail;
  if (typeof patch.passwordPolicies === 'string') user.passwordPolicies = patch.passwordPolicies;
  // A passwordProfile without a password changes nothing, as on the real service.
  if (password !== undefined) {
    const forceChange = profile?.forceChangePasswordNextSignIn === true;
    ctx.directory.setPassword(user, password, forceChange);
    // An app's PATCH of passwordProfile is an admin reset in Core Directory, initiated by the app.
    logPasswordWrite(ctx.auditLog, caller.tenant, user, 'other-app', appInitiator(caller.app), forceChange);
  }
  sendEmpty(exchange.res, 204);
}

/** POST /v1.0/users/{id|upn}/revokeSignInSessions */
export function handleRevoke(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  idOrUpn: string,
): void {
  if (!takeWrite(ctx, exchange, caller)) return;
  if (!holdsAny(caller, REVOKE_PERMISSIONS)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const user = ctx.directory.findUser(caller.tenant, idOrUpn);
  if (!user) {
    notFound(ctx, exchange, idOrUpn);
    return;
  }
  if (!mayActOnPrivilegedTarget(caller, user.directoryRoles)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  user.sessionRevocations += 1;
  sendJson(exchange.res, 200, {
    '@odata.context': `${exchange.origin}/v1.0/$metadata#Edm.Boolean`,
    value: true,
  });
}
