import { DIRECTORY_ROLES, directoryRoleName, type M365AccessClaims } from '@passgate/core/graph';

/**
 * `required`: Passgate's everyday work fails without it; `feature`: one feature (drift detection's
 * who-did-it, the deep check, lockdown) does without.
 */
export type NeedSeverity = 'required' | 'feature';

export interface AccessNeed {
  /** The least privileged Graph application permission (or directory role) Passgate asks for. */
  name: string;
  /** Broader permissions (role template ids for roles) that cover it too. */
  coveredBy: readonly string[];
  /** What stops working without it, in words for the admin. */
  breaks: string;
  severity: NeedSeverity;
}

/** Graph application permissions, least privileged first (per Microsoft's permissions pages). */
export const PERMISSION_NEEDS: readonly AccessNeed[] = [
  {
    name: 'User-PasswordProfile.ReadWrite.All',
    coveredBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    breaks: 'passwords accepted by the portal cannot be written to Microsoft 365',
    severity: 'required',
  },
  {
    name: 'User.EnableDisableAccount.All',
    coveredBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    breaks: 'expired or suspended people cannot be blocked, or unblocked, in Microsoft 365',
    severity: 'required',
  },
  {
    name: 'User.RevokeSessions.All',
    coveredBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    breaks: 'a reset cannot sign the person out of Microsoft 365 everywhere',
    severity: 'required',
  },
  {
    name: 'User.Read.All',
    coveredBy: ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    breaks: 'users cannot be read: tenants check, import, drift detection and lockdown fail',
    severity: 'required',
  },
  {
    name: 'AuditLog.Read.All',
    coveredBy: [],
    breaks: 'drift detection cannot say who changed a password elsewhere (it still notices the change)',
    severity: 'feature',
  },
  {
    name: 'Domain.Read.All',
    coveredBy: ['Domain.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    breaks: "this check cannot tell whether Microsoft's own password expiry applies",
    severity: 'feature',
  },
  {
    name: 'OrganizationalBranding.ReadWrite.All',
    coveredBy: ['Organization.ReadWrite.All'],
    breaks: 'lockdown cannot point the sign-in page\'s "Forgot my password?" link at the portal',
    severity: 'feature',
  },
  {
    name: 'User.ReadWrite.All',
    coveredBy: ['Directory.ReadWrite.All'],
    breaks:
      'lockdown cannot set DisablePasswordExpiration (Graph has no narrower permission for passwordPolicies: grant it for lockdown, remove it after)',
    severity: 'feature',
  },
];

const { globalAdministrator, userAdministrator, privilegedAuthenticationAdministrator } = DIRECTORY_ROLES;

/** Directory roles of the app's service principal (see docs/microsoft-365-setup.md). */
export const ROLE_NEEDS: readonly AccessNeed[] = [
  {
    name: userAdministrator.name,
    coveredBy: [userAdministrator.id, privilegedAuthenticationAdministrator.id, globalAdministrator.id],
    breaks: "password resets may be refused: Microsoft's docs disagree on whether an app needs this role",
    severity: 'required',
  },
  {
    name: privilegedAuthenticationAdministrator.name,
    coveredBy: [privilegedAuthenticationAdministrator.id, globalAdministrator.id],
    breaks:
      'people holding admin roles cannot have their password set or sign-in blocked (Graph answers 403)',
    severity: 'feature',
  },
];

export interface AccessFinding {
  kind: 'permission' | 'role';
  name: string;
  /** true: held; false: missing; null: the token does not say (no wids claim). */
  held: boolean | null;
  /** The permission or role that covers it, when not the one asked for. */
  via: string | null;
  breaks: string;
  severity: NeedSeverity;
}

function find(need: AccessNeed, granted: readonly string[], exact: string): string | null | undefined {
  if (granted.includes(exact)) return null;
  return need.coveredBy.find((other) => granted.includes(other));
}

/** Which needed permissions and roles the token's claims show, and what each missing one breaks. */
export function assessAccess(claims: M365AccessClaims): AccessFinding[] {
  const permissions = PERMISSION_NEEDS.map((need): AccessFinding => {
    const via = find(need, claims.roles, need.name);
    return { kind: 'permission', name: need.name, held: via !== undefined, via: via ?? null, ...pick(need) };
  });
  const roleIds = claims.directoryRoleIds;
  const roles = ROLE_NEEDS.map((need): AccessFinding => {
    // Microsoft documents `wids` for user tokens only: with none, the roles are unknown, not missing.
    if (roleIds.length === 0) return { kind: 'role', name: need.name, held: null, via: null, ...pick(need) };
    const exact = need.coveredBy[0] ?? '';
    const via = find(need, roleIds, exact);
    return {
      kind: 'role',
      name: need.name,
      held: via !== undefined,
      via: via === undefined || via === null ? null : directoryRoleName(via),
      ...pick(need),
    };
  });
  return [...permissions, ...roles];
}

function pick(need: AccessNeed): Pick<AccessFinding, 'breaks' | 'severity'> {
  return { breaks: need.breaks, severity: need.severity };
}

/** Whether the token shows the permission (or a broader one covering it). */
export function holdsPermission(claims: M365AccessClaims, name: string): boolean {
  const need = PERMISSION_NEEDS.find((n) => n.name === name);
  return claims.roles.includes(name) || (need?.coveredBy ?? []).some((other) => claims.roles.includes(other));
}
