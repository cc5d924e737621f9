import type { EmulatorContext, Exchange } from './context.js';
import { type GraphCaller, holdsAny } from './graph-auth.js';
import { INSUFFICIENT_PRIVILEGES, sendGraphError } from './graph-respond.js';
import { sendJson } from './http-util.js';

/** List organization, application permissions: microsoft-graph-docs organization-list.md. */
export const ORGANIZATION_READ_PERMISSIONS = [
  'Organization.Read.All',
  'Organization.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/**
 * GET /v1.0/organization: the caller's own organisation, whose id is the tenant id (organization
 * resource: "id: The tenant ID, a unique identifier representing the organization").
 */
export function handleListOrganization(ctx: EmulatorContext, exchange: Exchange, caller: GraphCaller): void {
  if (!holdsAny(caller, ORGANIZATION_READ_PERMISSIONS)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const { tenant } = caller;
  sendJson(exchange.res, 200, {
    '@odata.context': `${exchange.origin}/v1.0/$metadata#organization`,
    value: [
      {
        id: tenant.id,
        displayName: tenant.name,
        tenantType: 'AAD',
        verifiedDomains: tenant.domains.map((domain, i) => ({
          capabilities: 'Email, OfficeCommunicationsOnline',
          isDefault: i === 0,
          isInitial: domain.name.endsWith('.onmicrosoft.com'),
          name: domain.name,
          type: domain.federated ? 'Federated' : 'Managed',
        })),
      },
    ],
  });
}
