import type { EmulatorContext, Exchange } from './context.js';
import type { GraphCaller } from './graph-auth.js';
import { handleBatch } from './graph-batch.js';
import { handleCreateLocalization, handleGetBranding, handlePatchBranding } from './graph-branding.js';
import { handleGetDomain } from './graph-domains.js';
import { handleListOrganization } from './graph-organization.js';
import { sendGraphError } from './graph-respond.js';

/**
 * Graph v1.0 routes for the tenant as a whole (domains, organisation, sign-in branding) and JSON
 * batching; `dispatch` routes one request of a batch as if it had come alone. True when handled.
 */
export function routeOrganisation(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  method: string,
  segments: readonly string[],
  dispatch: (sub: Exchange) => void,
): boolean {
  const [, second, third, fourth, fifth] = segments;
  const length = segments.length;
  if (second === '$batch' && length === 2 && method === 'POST') {
    handleBatch(ctx, exchange, dispatch).catch((error: unknown) => {
      if (!exchange.res.headersSent)
        sendGraphError(ctx, exchange, 500, 'InternalServerError', (error as Error).message);
    });
    return true;
  }
  if (second === 'domains' && third !== undefined && length === 3 && method === 'GET') {
    handleGetDomain(ctx, exchange, caller, third);
    return true;
  }
  if (second === 'organization' && length === 2 && method === 'GET') {
    handleListOrganization(ctx, exchange, caller);
    return true;
  }
  if (second === 'organization' && third !== undefined && fourth === 'branding') {
    if (length === 4 && method === 'GET') handleGetBranding(ctx, exchange, caller, third);
    else if (length === 4 && method === 'PATCH') handlePatchBranding(ctx, exchange, caller, third);
    else if (length === 5 && fifth === 'localizations' && method === 'POST')
      handleCreateLocalization(ctx, exchange, caller, third);
    else return false;
    return true;
  }
  return false;
}
