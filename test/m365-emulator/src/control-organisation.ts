import type { Exchange } from './context.js';
import { brandingLicenceSchema, brandingSchema, domainPasswordPolicySchema } from './control-schemas.js';
import { sendJson } from './http-util.js';
import type { M365Emulator } from './types.js';

/**
 * Control routes under /_emulator/api/tenants/{id}/ for what an admin center changes: a domain's
 * password expiry, the branding licence and the default sign-in branding. True when handled.
 */
export function routeOrganisationControl(
  emulator: M365Emulator,
  exchange: Exchange,
  method: string,
  tenantId: string,
  rest: readonly string[],
  body: unknown,
): boolean {
  const { res } = exchange;
  const [sub, name, action] = rest;
  if (sub === 'domains' && name !== undefined && action === 'password-policy' && method === 'PUT') {
    emulator.setDomainPasswordPolicy(tenantId, name, domainPasswordPolicySchema.parse(body));
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (sub === 'branding-licence' && name === undefined && method === 'PUT') {
    emulator.setBrandingLicence(tenantId, brandingLicenceSchema.parse(body).licensed);
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (sub === 'branding' && name === undefined && method === 'GET') {
    sendJson(res, 200, { branding: emulator.getBranding(tenantId) });
    return true;
  }
  if (sub === 'branding' && name === undefined && method === 'PUT') {
    emulator.setBranding(tenantId, brandingSchema.parse(body).properties);
    sendJson(res, 200, { ok: true });
    return true;
  }
  return false;
}
