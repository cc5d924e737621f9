import type { M365User } from '@passgate/core/graph';
import { z } from 'zod';
import { normaliseEmail } from '../accounts/tenant-for-email.js';
import type { ImportEntry } from './import-entry.js';

// The same test the sign-in and change forms apply: an address they refuse could never sign in.
const signInEmail = z.string().max(254).pipe(z.email());

/** The address as the portal stores it, or null when the sign-in forms would refuse it. */
export function portalAddress(raw: string): string | null {
  const address = normaliseEmail(raw);
  return signInEmail.safeParse(address).success ? address : null;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** B2B guests, and external members, carry #EXT# in the UPN Entra gives them in the host tenant. */
export function isExternal(upn: string): boolean {
  return upn.toUpperCase().includes('#EXT#');
}

/**
 * What a Microsoft 365 user means for the import, by the first rule that applies: guest; outside the
 * imported domains; synced from on-premises (Graph cannot set their password); sign-in blocked; an
 * address the portal cannot use. Otherwise a candidate under its UPN (the portal's e-mail is the UPN).
 */
export function classifyTenantUser(user: M365User, domains: ReadonlySet<string>): ImportEntry {
  const origin = { id: user.id };
  const given = user.userPrincipalName;
  const skip = (reason: Parameters<typeof skipEntry>[1], detail: string | null = null): ImportEntry =>
    skipEntry(given, reason, detail, origin);
  if (user.userType === 'Guest' || isExternal(given))
    return skip('guest', user.userType === 'Guest' ? 'userType Guest' : '#EXT# in the user principal name');
  if (!domains.has(domainOf(given))) return skip('outside_domains', `domain ${domainOf(given)}`);
  if (user.onPremisesSyncEnabled === true) return skip('synced_from_on_premises');
  if (!user.accountEnabled) return skip('disabled');
  const address = portalAddress(given);
  if (address === null) return skip('invalid_address', 'the sign-in forms would refuse it');
  const mail = user.mail === null ? null : normaliseEmail(user.mail);
  return {
    kind: 'candidate',
    address,
    given,
    displayName: user.displayName?.trim() || null,
    alias: mail !== null && mail !== address ? mail : null,
    origin,
  };
}

/** A CSV row, already checked by parseUserCsv (which refuses guests' #EXT# names as bad rows). */
export function classifyCsvRow(row: { line: number; email: string; name: string | null }): ImportEntry {
  const origin = { line: row.line };
  return {
    kind: 'candidate',
    address: normaliseEmail(row.email),
    given: row.email.trim(),
    displayName: row.name,
    alias: null,
    origin,
  };
}

function skipEntry(
  given: string,
  reason: 'guest' | 'outside_domains' | 'synced_from_on_premises' | 'disabled' | 'invalid_address',
  detail: string | null,
  origin: ImportEntry['origin'],
): ImportEntry {
  return { kind: 'skip', address: normaliseEmail(given), reason, detail, origin };
}
