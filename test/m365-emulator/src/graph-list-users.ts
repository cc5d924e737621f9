import type { EmulatorContext, Exchange } from './context.js';
import { type GraphCaller, holdsAny, READ_PERMISSIONS } from './graph-auth.js';
import { INSUFFICIENT_PRIVILEGES, sendGraphError } from './graph-respond.js';
import { sendJson } from './http-util.js';
import { parseUserFilter } from './user-filter.js';
import { parseSelect, projectUser } from './user-representation.js';

const DEFAULT_PAGE = 100;

interface PageState {
  offset: number;
  filter: string | null;
  select: string | null;
  top: number;
  count: boolean;
}

/** GET /v1.0/users with $filter, $select, $top, $count and $skiptoken paging. */
export function handleListUsers(ctx: EmulatorContext, exchange: Exchange, caller: GraphCaller): void {
  if (!holdsAny(caller, READ_PERMISSIONS)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const params = exchange.url.searchParams;
  const eventual = (exchange.req.headers.consistencylevel ?? '').toString().toLowerCase() === 'eventual';
  let state: PageState;
  const skiptoken = params.get('$skiptoken');
  if (skiptoken) {
    try {
      state = JSON.parse(Buffer.from(skiptoken, 'base64url').toString('utf8')) as PageState;
    } catch {
      sendGraphError(ctx, exchange, 400, 'Request_BadRequest', 'Invalid $skiptoken.');
      return;
    }
  } else {
    const topText = params.get('$top');
    const top = topText === null ? DEFAULT_PAGE : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 999) {
      sendGraphError(
        ctx,
        exchange,
        400,
        'Request_BadRequest',
        `Invalid page size specified: '${topText}'. Must be between 1 and 999 inclusive.`,
      );
      return;
    }
    state = {
      offset: 0,
      filter: params.get('$filter'),
      select: params.get('$select'),
      top,
      count: params.get('$count') === 'true',
    };
  }
  if (state.count && !eventual) {
    sendGraphError(
      ctx,
      exchange,
      400,
      'Request_BadRequest',
      '$count is only supported with the ConsistencyLevel:eventual header.',
    );
    return;
  }
  const filter = state.filter === null ? null : parseUserFilter(state.filter);
  if (state.filter !== null && !filter) {
    sendGraphError(ctx, exchange, 400, 'Request_UnsupportedQuery', 'Unsupported Query.');
    return;
  }
  if (filter?.advanced && !(eventual && state.count)) {
    sendGraphError(
      ctx,
      exchange,
      400,
      'Request_UnsupportedQuery',
      "Operator 'endsWith' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
    );
    return;
  }
  const select = parseSelect(state.select);
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
  const matching = [...caller.tenant.users.values()].filter((u) => !filter || filter.test(u));
  const page = matching.slice(state.offset, state.offset + state.top);
  const nextOffset = state.offset + page.length;
  const next =
    nextOffset < matching.length
      ? Buffer.from(JSON.stringify({ ...state, offset: nextOffset })).toString('base64url')
      : null;
  const nextLink =
    exchange.nextLinkOverride ?? (next ? `${exchange.origin}/v1.0/users?$skiptoken=${next}` : null);
  sendJson(exchange.res, 200, {
    '@odata.context': `${exchange.origin}/v1.0/$metadata#users(${select.fields.join(',')})`,
    ...(state.count ? { '@odata.count': matching.length } : {}),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    value: page.map((u) => projectUser(u, select.fields)),
  });
}
