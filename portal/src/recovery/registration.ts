import {
  RECOVERY_METHOD_KINDS,
  type RecoveryConfig,
  type RecoveryKind,
} from '../config/recovery-config-schema.js';
import { takeRegistrationSkip } from '../store/port/registration-skips.js';
import { listMethods, type RecoveryOverview } from './list-methods.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryStanding, registeredKinds, standingOf } from './standing.js';

/** Whether and how to ask a person to register recovery methods (config recovery.registration). */
export interface RegistrationStatus {
  overview: RecoveryOverview;
  standing: RecoveryStanding;
  /** The kinds they could prove as a second factor (what security info asks for after the password). */
  factors: RecoveryKind[];
  /** "Remind me later" answers left (with registration required). */
  skipsLeft: number;
  /**
   * none: nothing to ask (off, or enough registered); offer: a link to security info (offered);
   * required: take them to register, with `skipsLeft` "remind me later" answers left.
   */
  prompt: 'none' | 'offer' | 'required';
}

function promptFor(config: RecoveryConfig, standing: RecoveryStanding): RegistrationStatus['prompt'] {
  if (config.registration === 'off' || standing.enough) return 'none';
  return config.registration === 'required' ? 'required' : 'offer';
}

/** Where the person stands, and what to ask of them. Null for an unknown user. */
export async function registrationStatus(
  deps: Pick<RecoveryDeps, 'db' | 'config'>,
  userId: string,
): Promise<RegistrationStatus | null> {
  const user = await deps.db
    .selectFrom('users')
    .select(['is_admin', 'recovery_skips'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (user === undefined) return null;
  const config = deps.config.recovery;
  const overview = await listMethods(deps.db, userId);
  const standing = standingOf(overview, user.is_admin === 1, config);
  return {
    overview,
    standing,
    // Every kind registered serves as the second factor, allowed or no longer: an admin who takes a kind
    // out of recovery.methods must not leave the people who registered only that one on their password alone.
    factors: registeredKinds(overview, RECOVERY_METHOD_KINDS),
    skipsLeft: Math.max(0, config.reminderSkips - user.recovery_skips),
    prompt: promptFor(config, standing),
  };
}

/** "Remind me later": counted, and refused (false) once the policy's skips are used up. */
export function skipRegistration(
  deps: Pick<RecoveryDeps, 'db' | 'config'>,
  userId: string,
): Promise<boolean> {
  return takeRegistrationSkip(deps.db, userId, deps.config.recovery.reminderSkips);
}
