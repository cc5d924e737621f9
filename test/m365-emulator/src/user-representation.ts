import type { EmulatedUser } from './directory.js';

/** Properties of microsoft.graph.user that the emulator knows. */
export const USER_PROPERTIES = [
  'id',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'jobTitle',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'businessPhones',
  'accountEnabled',
  'lastPasswordChangeDateTime',
  'onPremisesSyncEnabled',
  'onPremisesImmutableId',
  'passwordPolicies',
  'userType',
] as const;

/** What Graph v1.0 returns without $select: accountEnabled and lastPasswordChangeDateTime are not among them. */
const DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function userProperties(user: EmulatedUser): Record<string, unknown> {
  const [givenName = null, ...rest] = (user.displayName ?? '').split(/\s+/).filter(Boolean);
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    givenName,
    surname: rest.length > 0 ? rest.join(' ') : null,
    mail: user.mail,
    jobTitle: null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    businessPhones: [],
    accountEnabled: user.accountEnabled,
    lastPasswordChangeDateTime: user.lastPasswordChangeDateTime,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled,
    onPremisesImmutableId: user.onPremisesImmutableId,
    passwordPolicies: user.passwordPolicies,
    userType: user.userType,
  };
}

/** Parses $select; returns the unknown property name as an error. */
export function parseSelect(value: string | null): { fields: string[] } | { unknown: string } {
  if (value === null || value.trim() === '') return { fields: DEFAULT_PROPERTIES };
  const fields: string[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim();
    const known = USER_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!known) return { unknown: name };
    fields.push(known);
  }
  return { fields };
}

export function projectUser(user: EmulatedUser, fields: string[]): Record<string, unknown> {
  const all = userProperties(user);
  return Object.fromEntries(fields.map((f) => [f, all[f]]));
}
