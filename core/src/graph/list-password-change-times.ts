import type { GraphRequester } from './graph-request.js';
import type { CallOptions, M365PasswordChangeTime } from './types.js';

// Graph's largest page for users: fewer round trips for a whole tenant, and at most 999 users in memory.
const PAGE_SIZE = 999;
const FIELDS = 'id,userPrincipalName,lastPasswordChangeDateTime,onPremisesSyncEnabled';

interface GraphPage {
  value: {
    id: string;
    userPrincipalName: string;
    lastPasswordChangeDateTime?: string | null;
    onPremisesSyncEnabled?: boolean | null;
  }[];
  '@odata.nextLink'?: string;
}

/**
 * Streams the tenant's users with lastPasswordChangeDateTime (returned only when $select-ed), one page
 * at a time, following @odata.nextLink as Graph gives it (the requester refuses a link outside the
 * Graph root). No $filter: filtering by domain is an advanced query; the caller filters the page.
 */
export async function* listPasswordChangeTimes(
  graph: GraphRequester,
  callOptions?: CallOptions,
): AsyncIterable<M365PasswordChangeTime[]> {
  let next: string | undefined = `/users?$select=${FIELDS}&$top=${PAGE_SIZE}`;
  while (next) {
    const response = await graph({
      operation: 'listPasswordChangeTimes',
      method: 'GET',
      path: next,
      ...(callOptions ? { options: callOptions } : {}),
    });
    const page = JSON.parse(response.body) as GraphPage;
    yield page.value.map((raw) => ({
      id: raw.id,
      userPrincipalName: raw.userPrincipalName,
      lastPasswordChangeDateTime: raw.lastPasswordChangeDateTime ?? null,
      onPremisesSyncEnabled: raw.onPremisesSyncEnabled ?? null,
    }));
    next = page['@odata.nextLink'];
  }
}
