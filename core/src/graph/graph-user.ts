import type { M365User } from './types.js';

/**
 * What Passgate reads of a user. `accountEnabled`, `lastPasswordChangeDateTime`, `userType`,
 * `passwordPolicies` and `onPremisesSyncEnabled` come back only when `$select`ed (Graph's user resource).
 */
export const USER_FIELDS =
  'id,userPrincipalName,mail,displayName,accountEnabled,userType,onPremisesSyncEnabled,lastPasswordChangeDateTime,passwordPolicies';

/** A user as Graph sends it with USER_FIELDS selected. */
export interface GraphUser {
  id: string;
  userPrincipalName: string;
  mail?: string | null;
  displayName?: string | null;
  accountEnabled?: boolean;
  userType?: string | null;
  lastPasswordChangeDateTime?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  passwordPolicies?: string | null;
}

export function toUser(raw: GraphUser): M365User {
  return {
    id: raw.id,
    userPrincipalName: raw.userPrincipalName,
    mail: raw.mail ?? null,
    displayName: raw.displayName ?? null,
    accountEnabled: raw.accountEnabled ?? false,
    // Accounts older than the property have none (null); anything else Graph may add later is not a guest.
    userType: raw.userType === 'Guest' ? 'Guest' : raw.userType === 'Member' ? 'Member' : null,
    lastPasswordChangeDateTime: raw.lastPasswordChangeDateTime ?? null,
    onPremisesSyncEnabled: raw.onPremisesSyncEnabled ?? null,
    passwordPolicies: raw.passwordPolicies ?? null,
  };
}
