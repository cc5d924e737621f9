import type { EmulatorContext, Exchange } from './context.js';
import { type GraphCaller, holdsAny } from './graph-auth.js';
import { INSUFFICIENT_PRIVILEGES, sendGraphError } from './graph-respond.js';
import { sendJson } from './http-util.js';

/** Get domain, application permissions (least privileged first): microsoft-graph-docs domain-get.md. */
export const DOMAIN_READ_PERMISSIONS = [
  'Domain.Read.All',
  'Domain.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/** The domain resource's properties, in the order Graph's example response lists them. */
function domainResource(ctx: EmulatorContext, caller: GraphCaller, index: number): Record<string, unknown> {
  const domain = caller.tenant.domains[index];
  if (domain === undefined) throw new Error('no such domain');
  const policy = ctx.directory.organisations.domainPolicy(caller.tenant.id, domain.name);
  return {
    authenticationType: domain.federated ? 'Federated' : 'Managed',
    availabilityStatus: null,
    id: domain.name,
    isAdminManaged: true,
    // The emulator's first domain stands in for the default one; *.onmicrosoft.com is the initial one.
    isDefault: index === 0,
    isInitial: domain.name.endsWith('.onmicrosoft.com'),
    isRoot: true,
    isVerified: true,
    supportedServices: ['Email', 'OfficeCommunicationsOnline'],
    passwordValidityPeriodInDays: policy.passwordValidityPeriodInDays,
    passwordNotificationWindowInDays: policy.passwordNotificationWindowInDays,
    state: null,
  };
}

/** GET /v1.0/domains/{name} (with $select). */
export function handleGetDomain(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  name: string,
): void {
  if (!holdsAny(caller, DOMAIN_READ_PERMISSIONS)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const index = caller.tenant.domains.findIndex((d) => d.name === name.toLowerCase());
  if (index === -1) {
    sendGraphError(
      ctx,
      exchange,
      404,
      'Request_ResourceNotFound',
      `Resource '${name}' does not exist or one of its queried reference-property objects are not present.`,
    );
    return;
  }
  const resource = domainResource(ctx, caller, index);
  const selectText = exchange.url.searchParams.get('$select');
  let body = resource;
  if (selectText !== null && selectText.trim() !== '') {
    const fields = selectText.split(',').map((f) => f.trim());
    const unknown = fields.find((f) => !(f in resource));
    if (unknown !== undefined) {
      sendGraphError(
        ctx,
        exchange,
        400,
        'Request_BadRequest',
        `Could not find a property named '${unknown}' on type 'microsoft.graph.domain'.`,
      );
      return;
    }
    body = Object.fromEntries(fields.map((f) => [f, resource[f]]));
  }
  sendJson(exchange.res, 200, {
    '@odata.context': `${exchange.origin}/v1.0/$metadata#domains/$entity`,
    ...body,
  });
}
