import { readAccessClaims } from './access-claims.js';
import { getBranding, setAccountResetUrl } from './graph-branding.js';
import { getDomain } from './graph-domain.js';
import { getPasswordPolicies, setPasswordPolicies } from './graph-password-policies.js';
import type { GraphRequester } from './graph-request.js';
import { M365Error } from './m365-error.js';
import type { TokenProvider } from './token-provider.js';
import type { M365AccessClaims, M365Client } from './types.js';

export type TenantOperations = Pick<
  M365Client,
  | 'readAccessClaims'
  | 'getOrganizationId'
  | 'getDomain'
  | 'getBranding'
  | 'setAccountResetUrl'
  | 'getPasswordPolicies'
  | 'setPasswordPolicies'
>;

/** What lockdown and `tenants check --deep` read and change on the tenant as a whole. */
export function createTenantOperations(deps: {
  graph: GraphRequester;
  tokens: TokenProvider;
  now: () => number;
}): TenantOperations {
  const { graph, tokens, now } = deps;

  async function claims(): Promise<M365AccessClaims> {
    const read = readAccessClaims(await tokens.getToken());
    if (read === null) {
      throw new M365Error(
        'UNEXPECTED',
        "the app's access token carries no claims Passgate can read: its permissions cannot be listed",
      );
    }
    return read;
  }

  return {
    readAccessClaims: claims,
    // Graph's organization id is the tenant id ("id: The tenant ID, a unique identifier representing
    // the organization"), and the token's tid is that id whatever form tenantId takes in the config;
    // reading it there needs no Organization.Read.All.
    getOrganizationId: async () => (await claims()).tenantId,
    getDomain: (name, options) => getDomain(graph, name, options),
    getBranding: (organizationId, options) => getBranding(graph, organizationId, options),
    setAccountResetUrl: (organizationId, url, options) =>
      setAccountResetUrl(graph, organizationId, url, options),
    getPasswordPolicies: (users, options) => getPasswordPolicies(graph, users, { ...options, now }),
    setPasswordPolicies: (updates, options) => setPasswordPolicies(graph, updates, { ...options, now }),
  };
}
