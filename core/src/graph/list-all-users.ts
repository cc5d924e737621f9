import type { GraphRequester } from './graph-request.js';
import { type GraphUser, toUser, USER_FIELDS } from './graph-user.js';
import type { CallOptions, M365User } from './types.js';

/** The largest page Graph gives for users: fewer round trips, fewer requests against the read budget. */
const PAGE_SIZE = 999;

/**
 * Every user of the tenant, a page at a time (at most one page is held): `GET /users` with `$select`
 * and `$top=999`, then each `@odata.nextLink` as given (opaque: never built here). The requester refuses
 * a link off the Graph root (LINK_OUTSIDE_GRAPH) before sending anything, and waits out 429/503/504.
 */
export async function* listAllUsers(graph: GraphRequester, options?: CallOptions): AsyncIterable<M365User> {
  let next: string | undefined = `/users?$select=${USER_FIELDS}&$top=${PAGE_SIZE}`;
  while (next !== undefined) {
    const response = await graph({
      operation: 'listAllUsers',
      method: 'GET',
      path: next,
      ...(options ? { options } : {}),
    });
    const page = JSON.parse(response.body) as { value: GraphUser[]; '@odata.nextLink'?: string };
    next = page['@odata.nextLink'];
    for (const raw of page.value) yield toUser(raw);
  }
}
