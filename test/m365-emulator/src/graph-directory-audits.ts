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

interface PageState {
  offset: number;
  filter: string | null;
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
  return {
    offset: 0,
    filter: params.get('$filter'),
    top,
    ascending: orderby.endsWith(' asc') || orderby === 'activitydatetime',
    asOf: ctx.auditLog.lastSeq(),
  };
}

/** GET /v1.0/auditLogs/directoryAudits with $filter, $top, $orderby and opaque $skiptoken paging. */
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
    value: page.map((entry) => entry.record),
  });
}
