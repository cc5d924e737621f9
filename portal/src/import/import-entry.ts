/**
 * Why an address read by `passgate users import` is not created. Stable codes: the report and its JSON
 * carry them; the words for each are in SKIP_REASON_TEXT.
 */
export const SKIP_REASONS = [
  'guest',
  'synced_from_on_premises',
  'disabled',
  'outside_domains',
  'invalid_address',
  'conflict',
] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  guest:
    'a guest or external account (userType Guest, or #EXT# in its name): its password belongs to its home organisation',
  synced_from_on_premises:
    'synced from on-premises Active Directory: Graph cannot set their password; manage it on-premises',
  disabled: 'sign-in is blocked in Microsoft 365 (accountEnabled false)',
  outside_domains: 'in none of the domains being imported',
  invalid_address: 'not an address the portal can use as a sign-in e-mail',
  conflict: 'would collide with another address of this import or of the portal',
};

/** Where an entry came from, for the report: a CSV line, or a Microsoft 365 user's object id. */
export type EntryOrigin = { line: number } | { id: string };

/** One person the import may create. */
export interface ImportCandidate {
  kind: 'candidate';
  /** Normalised (trimmed, lower-cased), as the portal stores it: also the Microsoft 365 UPN. */
  address: string;
  /** As the source wrote it (to show a case-only difference). */
  given: string;
  displayName: string | null;
  /**
   * The person's other address (Microsoft 365 `mail`, normalised) when it differs from `address`: a
   * portal user holding it is probably the same person, so the import must not give them a second account.
   */
  alias: string | null;
  origin: EntryOrigin;
}

/** One address the source already rules out. */
export interface ImportSkip {
  kind: 'skip';
  address: string;
  reason: SkipReason;
  detail: string | null;
  origin: EntryOrigin;
}

export type ImportEntry = ImportCandidate | ImportSkip;

export function describeOrigin(origin: EntryOrigin): string {
  return 'line' in origin ? `line ${origin.line}` : `Microsoft 365 user ${origin.id}`;
}
