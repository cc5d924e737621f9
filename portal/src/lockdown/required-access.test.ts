import { DIRECTORY_ROLES } from '@passgate/core/graph';
import { describe, expect, it } from 'vitest';
import { assessAccess, holdsPermission } from './required-access.js';

const claims = (roles: string[], directoryRoleIds: string[] = []) => ({
  tenantId: 't',
  appId: 'a',
  roles,
  directoryRoleIds,
});

describe('assessAccess()', () => {
  it('counts a broader permission as covering a narrower one, and names it', () => {
    const findings = assessAccess(claims(['User.ReadWrite.All']));
    expect(findings.find((f) => f.name === 'User.Read.All')).toMatchObject({
      held: true,
      via: 'User.ReadWrite.All',
    });
    expect(findings.find((f) => f.name === 'User.ReadWrite.All')).toMatchObject({ held: true, via: null });
    expect(findings.find((f) => f.name === 'AuditLog.Read.All')).toMatchObject({
      held: false,
      severity: 'feature',
    });
  });

  it('says the roles are unknown, not missing, when the token has no wids claim', () => {
    const roles = assessAccess(claims(['User.Read.All'])).filter((f) => f.kind === 'role');
    expect(roles.map((f) => f.held)).toEqual([null, null]);
  });

  it('takes Global Administrator for both roles, and a lesser role for neither', () => {
    const global = assessAccess(claims([], [DIRECTORY_ROLES.globalAdministrator.id])).filter(
      (f) => f.kind === 'role',
    );
    expect(global.map((f) => [f.name, f.held, f.via])).toEqual([
      ['User Administrator', true, 'Global Administrator'],
      ['Privileged Authentication Administrator', true, 'Global Administrator'],
    ]);
    const helpdesk = assessAccess(claims([], [DIRECTORY_ROLES.helpdeskAdministrator.id])).filter(
      (f) => f.kind === 'role',
    );
    expect(helpdesk.map((f) => f.held)).toEqual([false, false]);
  });
});

describe('holdsPermission()', () => {
  it('is true for the permission or one that covers it', () => {
    expect(
      holdsPermission(claims(['Organization.ReadWrite.All']), 'OrganizationalBranding.ReadWrite.All'),
    ).toBe(true);
    expect(
      holdsPermission(claims(['OrganizationalBranding.Read.All']), 'OrganizationalBranding.ReadWrite.All'),
    ).toBe(false);
  });
});
