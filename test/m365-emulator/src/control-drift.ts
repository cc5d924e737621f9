import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AuditInitiator, DirectoryAuditLog } from './audit-log.js';
import { outsideChangeSchema } from './control-schemas.js';
import type { Directory } from './directory.js';
import { checkEntraPassword } from './entra-password-rules.js';
import { sendJson } from './http-util.js';
import { logPasswordWrite } from './password-activities.js';
import type { M365Emulator, OutsidePasswordChange } from './types.js';

/** A stable made-up id for an admin or app that is not in the emulated directory. */
function stableId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A password change through one of Microsoft's other doors (see OutsidePasswordChange): what tests and
 * the demo use to cause drift. Entra's own rules apply, as they would at that door.
 */
export function changePasswordElsewhere(
  directory: Directory,
  auditLog: DirectoryAuditLog,
  tenantId: string,
  idOrUpn: string,
  change: OutsidePasswordChange,
): { lastPasswordChangeDateTime: string; activities: string[] } {
  const tenant = directory.requireTenant(tenantId);
  const user = directory.findUser(tenant, idOrUpn);
  if (!user) throw new Error(`no user ${idOrUpn} in tenant ${tenant.name}`);
  if (user.onPremisesSyncEnabled || directory.domainOf(tenant, user.userPrincipalName)?.federated)
    throw new Error(`${user.userPrincipalName}: the password is managed outside the cloud`);
  const refusal = checkEntraPassword(change.password, {
    tenantName: tenant.name,
    displayName: user.displayName,
  });
  if (refusal) throw new Error(`Entra refuses the password (${refusal})`);
  let initiator: AuditInitiator;
  if (change.door === 'admin-center') {
    const upn = (change.by ?? `admin@${tenant.domains[0]?.name ?? 'example.com'}`).toLowerCase();
    const admin = directory.findUser(tenant, upn);
    initiator = { kind: 'user', id: admin?.id ?? stableId(`${tenant.id}/${upn}`), userPrincipalName: upn };
  } else if (change.door === 'other-app') {
    const appId = change.app?.appId ?? randomUUID();
    initiator = {
      kind: 'app',
      appId,
      displayName: change.app?.displayName ?? 'PowerShell script',
      servicePrincipalId: stableId(`${tenant.id}/sp/${appId}`),
    };
  } else {
    // Self-service: the person changes or resets their own password.
    initiator = { kind: 'user', id: user.id, userPrincipalName: user.userPrincipalName };
  }
  directory.setPassword(user, change.password, false);
  const activities = logPasswordWrite(auditLog, tenant, user, change.door, initiator);
  return { lastPasswordChangeDateTime: user.lastPasswordChangeDateTime ?? '', activities };
}

/**
 * The control API's drift routes: POST tenants/{id}/users/{idOrUpn}/change-password ({door, password,
 * by?, app?}) and GET tenants/{id}/directory-audits. Returns false when the path is not one of them.
 */
export function routeControlDrift(
  emulator: M365Emulator,
  method: string,
  segments: readonly (string | undefined)[],
  body: unknown,
  res: ServerResponse,
): boolean {
  const [, resource, tenantId, sub, idOrUpn, action] = segments;
  if (resource !== 'tenants' || tenantId === undefined) return false;
  if (method === 'POST' && sub === 'users' && idOrUpn !== undefined && action === 'change-password') {
    sendJson(res, 200, emulator.changePasswordElsewhere(tenantId, idOrUpn, outsideChangeSchema.parse(body)));
    return true;
  }
  if (method === 'GET' && sub === 'directory-audits' && idOrUpn === undefined) {
    sendJson(res, 200, { value: emulator.directoryAudits(tenantId) });
    return true;
  }
  return false;
}
