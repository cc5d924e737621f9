/** The Graph path of one user, by id or userPrincipalName. */
export function userPath(idOrUpn: string): string {
  if (!idOrUpn) throw new TypeError('idOrUpn must be a user id or userPrincipalName');
  // '@' is legal in a path segment; Graph's own examples keep it readable.
  return `/users/${encodeURIComponent(idOrUpn).replace(/%40/g, '@')}`;
}
