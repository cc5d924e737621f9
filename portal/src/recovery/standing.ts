import type { RecoveryConfig, RecoveryKind } from '../config/recovery-config-schema.js';
import type { RecoveryOverview } from './list-methods.js';

/** Where a person stands against the organisation's recovery policy. */
export interface RecoveryStanding {
  /** The kinds registered that the policy allows; recovery codes count while one is left. */
  kinds: RecoveryKind[];
  /** How many different kinds the policy asks of this person: `required`, and always 2 for an admin. */
  needed: number;
  /** What counts toward `needed`: the kinds, plus the work mailbox when `workMailboxLink` is `always`. */
  have: number;
  enough: boolean;
  /**
   * Whether the link mailed to the work address may serve as one method for this person (a reset):
   * `always`; `when_no_other_method` only while they registered nothing; never with `never`. It does
   * not make a person with nothing registered "enough" (else registration would never be asked for).
   */
  workMailboxUsable: boolean;
}

/** The kinds of method registered, counted once each, in the policy's order, among those it allows. */
export function registeredKinds(
  overview: RecoveryOverview,
  allowed: readonly RecoveryKind[],
): RecoveryKind[] {
  const present = new Set<RecoveryKind>(overview.methods.map((method) => method.kind));
  if ((overview.recoveryCodes?.left ?? 0) > 0) present.add('recovery_codes');
  return allowed.filter((kind) => present.has(kind));
}

/** How many different kinds the policy asks of a person. */
export function methodsNeeded(isAdmin: boolean, config: RecoveryConfig): number {
  // Admin accounts open everything else: one factor besides the password is never enough for them.
  return isAdmin ? 2 : config.required;
}

export function standingOf(
  overview: RecoveryOverview,
  isAdmin: boolean,
  config: RecoveryConfig,
): RecoveryStanding {
  const kinds = registeredKinds(overview, config.methods);
  const needed = methodsNeeded(isAdmin, config);
  const have = kinds.length + (config.workMailboxLink === 'always' ? 1 : 0);
  return {
    kinds,
    needed,
    have,
    enough: have >= needed,
    workMailboxUsable:
      config.workMailboxLink === 'always' ||
      (config.workMailboxLink === 'when_no_other_method' && kinds.length === 0),
  };
}
