/**
 * Role template ids of the Entra built-in roles Passgate cares about, as Microsoft lists them
 * ("Microsoft Entra built-in roles", permissions-reference). Access tokens name roles by these ids.
 */
export const DIRECTORY_ROLES = {
  globalAdministrator: { id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' },
  userAdministrator: { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', name: 'User Administrator' },
  privilegedAuthenticationAdministrator: {
    id: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
    name: 'Privileged Authentication Administrator',
  },
  passwordAdministrator: { id: '966707d0-3269-4727-9be2-8c3a10f19b9d', name: 'Password Administrator' },
  helpdeskAdministrator: { id: '729827e3-9c14-49f7-bb1b-9608f156bbb8', name: 'Helpdesk Administrator' },
  authenticationAdministrator: {
    id: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    name: 'Authentication Administrator',
  },
  organizationalBrandingAdministrator: {
    id: '92ed04bf-c94a-4b82-9729-b799a7a4c178',
    name: 'Organizational Branding Administrator',
  },
} as const;

/** The role's name for a template id, or the id itself for a role this list does not hold. */
export function directoryRoleName(templateId: string): string {
  const id = templateId.toLowerCase();
  return Object.values(DIRECTORY_ROLES).find((role) => role.id === id)?.name ?? id;
}
