import type { EmulatorContext, Exchange } from './context.js';
import { handleInstanceDiscovery, handleKeys, handleOpenIdConfiguration } from './entra-discovery.js';
import { handleToken } from './entra-token.js';
import { authenticateGraphCaller } from './graph-auth.js';
import { handleListDirectoryAudits } from './graph-directory-audits.js';
import { handleListUsers } from './graph-list-users.js';
import { sendGraphError } from './graph-respond.js';
import { handleGetUser, handlePatchUser, handleRevoke } from './graph-users.js';
import { routeOrganisation } from './route-organisation.js';

/** Routes a request aimed at "Microsoft": Entra's endpoints or Graph v1.0. */
export function routeMicrosoft(ctx: EmulatorContext, exchange: Exchange, port: number): void {
  const method = exchange.req.method ?? 'GET';
  const segments = exchange.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first = '', second, third, fourth] = segments;

  if (first === 'v1.0') {
    const caller = authenticateGraphCaller(ctx, exchange, port);
    if (!caller) return;
    if (routeOrganisation(ctx, exchange, caller, method, segments, (sub) => routeMicrosoft(ctx, sub, port)))
      return;
    if (second === 'users' && segments.length === 2 && method === 'GET') {
      handleListUsers(ctx, exchange, caller);
      return;
    }
    if (second === 'users' && third !== undefined && segments.length === 3) {
      if (method === 'GET') {
        handleGetUser(ctx, exchange, caller, third);
        return;
      }
      if (method === 'PATCH') {
        handlePatchUser(ctx, exchange, caller, third);
        return;
      }
    }
    // Graph's path segments are case-insensitive; Microsoft's docs spell this one both ways.
    const auditPath = second?.toLowerCase() === 'auditlogs' && third?.toLowerCase() === 'directoryaudits';
    if (auditPath && segments.length === 3 && method === 'GET') {
      handleListDirectoryAudits(ctx, exchange, caller);
      return;
    }
    if (second === 'users' && third !== undefined && fourth === 'revokeSignInSessions' && method === 'POST') {
      handleRevoke(ctx, exchange, caller, third);
      return;
    }
    sendGraphError(
      ctx,
      exchange,
      400,
      'BadRequest',
      `Resource not found for the segment '${segments.at(-1) ?? ''}'.`,
    );
    return;
  }
  if (method === 'GET' && second === 'discovery' && third === 'instance') {
    handleInstanceDiscovery(exchange);
    return;
  }
  if (method === 'GET' && second === 'discovery' && third === 'v2.0' && fourth === 'keys') {
    handleKeys(ctx, exchange);
    return;
  }
  if (method === 'GET' && second === 'v2.0' && third === '.well-known' && fourth === 'openid-configuration') {
    handleOpenIdConfiguration(ctx, exchange, first);
    return;
  }
  if (method === 'POST' && second === 'oauth2' && third === 'v2.0' && fourth === 'token') {
    handleToken(ctx, exchange, first, port);
    return;
  }
  sendGraphError(
    ctx,
    exchange,
    404,
    'NotFound',
    `No emulated endpoint for ${method} ${exchange.url.pathname}`,
  );
}
