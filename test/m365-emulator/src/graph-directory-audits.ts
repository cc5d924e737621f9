import { parseAuditFilter } from './audit-filter.js';
import type { EmulatorContext, Exchange } from './context.js';
import { type GraphCaller, holdsAny } from './graph-auth.js';
import { INSUFFICIENT_PRIVILEGES, sendGraphError } from './graph-respond.js';
import { sendJson } from './http-util.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/**
 * Microsoft's permission table for List directoryAudits names, for applications, "AuditLog.Read.All and
 * Directory.Read.All" (graph docs directoryaudit-list.md): both are required here.
 */
export function mayReadDirectoryAudits(caller: GraphCaller): boolean {
  return (
    caller.roles.has('AuditLog.Read.All') &&
    holdsAny(caller, ['Directory.Read.All', 'Directory.ReadWrite.All'])
  );
}

const PROPERTIES = [
  'id',
  'category',
  'correlationId',
  'result',
  'resultReason',
  'activityDisplayName',
  'activityDateTime',
  'loggedByService',
  'operationType',
  'initiatedBy',
  'targetResources',
  'additionalDetails',
] as const;

interface PageState {
  offset: number;
  filter: string | null;
  /** $select: the properties to return (all when null). */
  select: string[] | null;
  top: number;
  ascending: boolean;
  /** The records that existed when the listing began: later ones do not shift its pages. */
  asOf: number;
}

function badRequest(ctx: EmulatorContext, exchange: Exchange, message: string): void {
  sendGraphError(ctx, exchange, 400, 'BadRequest', message);
}

function firstPage(ctx: EmulatorContext, exchange: Exchange): PageState | null {
  const params = exchange.url.searchParams;
  const topText = params.get('$top');
  const top = topText === null ? DEFAULT_PAGE : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE) {
    badRequest(ctx, exchange, `Invalid $top value '${topText}': expected 1 to ${MAX_PAGE}.`);
    return null;
  }
  const orderby = (params.get('$orderby') ?? 'activityDateTime desc').trim().toLowerCase();
  if (!/^activitydatetime( (asc|desc))?$/.test(orderby)) {
    badRequest(ctx, exchange, `Unsupported $orderby '${params.get('$orderby')}'.`);
    return null;
  }
  let select: string[] | null = null;
  const selectText = params.get('$select');
  if (selectText !== null) {
    select = [];
    for (const raw of selectText.split(',')) {
      const known = PROPERTIES.find((p) => p.toLowerCase() === raw.trim().toLowerCase());
      if (!known) {
        badRequest(
          ctx,
          exchange,
          `Could not find a property named '${raw.trim()}' on type 'microsoft.graph.directoryAudit'.`,
        );
        return null;
      }
      select.push(known);
    }
  }
  return {
    offset: 0,
    filter: params.get('$filter'),
    select,
    top,
    ascending: orderby.endsWith(' asc') || orderby === 'activitydatetime',
    asOf: ctx.auditLog.lastSeq(),
  };
}

/** GET /v1.0/auditLogs/directoryAudits with $filter, $select, $top, $orderby and opaque $skiptoken paging. */
export function handleListDirectoryAudits(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
): void {
  if (!mayReadDirectoryAudits(caller)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const skiptoken = exchange.url.searchParams.get('$skiptoken');
  let state: PageState | null;
  if (skiptoken) {
    try {
      state = JSON.parse(Buffer.from(skiptoken, 'base64url').toString('utf8')) as PageState;
    } catch {
      badRequest(ctx, exchange, 'Invalid $skiptoken.');
      return;
    }
  } else {
    state = firstPage(ctx, exchange);
    if (state === null) return;
  }
  const predicate = state.filter === null ? null : parseAuditFilter(state.filter);
  if (state.filter !== null && predicate === null) {
    badRequest(ctx, exchange, `Invalid filter clause: '${state.filter}'.`);
    return;
  }
  const asOf = state.asOf;
  const matching = ctx.auditLog
    .kept(caller.tenant.id)
    .filter((entry) => entry.seq <= asOf && (predicate === null || predicate(entry.record, entry.at)));
  if (!state.ascending) matching.reverse();
  const page = matching.slice(state.offset, state.offset + state.top);
  const nextOffset = state.offset + page.length;
  const next =
    nextOffset < matching.length
      ? Buffer.from(JSON.stringify({ ...state, offset: nextOffset })).toString('base64url')
      : null;
  sendJson(exchange.res, 200, {
    '@odata.context': `${exchange.origin}/v1.0/$metadata#auditLogs/directoryAudits`,
    ...(next
      ? { '@odata.nextLink': `${exchange.origin}/v1.0/auditLogs/directoryAudits?$skiptoken=${next}` }
      : {}),
    value: page.map((entry) => {
      const { select } = state;
      if (select === null) return entry.record;
      const all = entry.record as unknown as Record<string, unknown>;
      return Object.fromEntries(select.map((name) => [name, all[name]]));
    }),
  });
}
