import type { AdminRole } from './admin-actor.js';

export interface RoleLists {
  readonly admins: readonly string[];
  readonly helpdesk: readonly string[];
}

/**
 * The role the config gives this person now, or null: `admin` when their e-mail (a verified address,
 * or null) or one of their groups is in `admins`, else `helpdesk` when in `helpdesk`. Run at every
 * request, never stored, so taking someone out of the config takes effect on their next click.
 */
export function roleFor(lists: RoleLists, email: string | null, groups: readonly string[]): AdminRole | null {
  const keys = new Set(groups.map((group) => `group:${group}`));
  if (email !== null) keys.add(email.toLowerCase());
  if (lists.admins.some((member) => keys.has(member))) return 'admin';
  if (lists.helpdesk.some((member) => keys.has(member))) return 'helpdesk';
  return null;
}

/** Whether a person with `held` may do what needs `needed`: admin includes everything helpdesk may do. */
export function roleCovers(held: AdminRole, needed: AdminRole): boolean {
  return held === 'admin' || needed === 'helpdesk';
}
