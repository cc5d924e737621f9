/**
 * Role template ids of the Entra built-in roles the emulator knows, as Microsoft lists them in
 * "Microsoft Entra built-in roles" (permissions-reference, "All roles"). An access token's `wids`
 * claim carries these ids, not the names.
 */
const ROLE_TEMPLATE_IDS: Record<string, string> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Password Administrator': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'Organizational Branding Administrator': '92ed04bf-c94a-4b82-9729-b799a7a4c178',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The template ids of the given roles (names the emulator knows, or ids given as such); others are left out. */
export function roleTemplateIds(roles: Iterable<string>): string[] {
  const ids: string[] = [];
  for (const role of roles) {
    const id = ROLE_TEMPLATE_IDS[role] ?? (GUID.test(role) ? role.toLowerCase() : undefined);
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
