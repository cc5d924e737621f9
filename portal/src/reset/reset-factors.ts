import type { RecoveryKind } from '../config/recovery-config-schema.js';
import { consumeRecoveryCode } from '../recovery/recovery-codes.js';
import type { RecoveryOutcome } from '../recovery/recovery-outcome.js';
import { verifyTotp } from '../recovery/verify-totp.js';
import { checkFlowCode } from './flow-code.js';
import type { FlowRow } from './flow-rows.js';
import type { ResetDeps } from './reset-deps.js';
import type { ResetFactor } from './reset-flow-service.js';

/** How the flow checks one factor, and which kind of method it proves. */
export interface ResetFactorCheck {
  proves: RecoveryKind;
  /**
   * Checks what was typed. Called for every flow alike: for an address with no account the user id is the
   * flow's own key, which no method belongs to, so the same queries run and the same CODE_INVALID comes back.
   */
  check(deps: ResetDeps, flow: FlowRow, typed: string): Promise<RecoveryOutcome>;
}

/**
 * The factors /reset checks, one per kind of method; the page offers a kind (that the policy allows) only
 * when it has an entry here.
 *
 * PASSKEY: the passkey check is exported from portal/src/recovery/ by the passkey work. Add it here as
 * `passkey: { proves: 'passkey', check: … }`, with ResetFactor gaining 'passkey', and give the page its
 * form (an assertion from navigator.credentials.get() against a challenge the flow keeps, rather than a
 * typed code): reset-verify-page.tsx has the place marked. Nothing else in the flow changes: limits,
 * audit, "different kinds" and the notice all go by `proves`.
 */
export const RESET_FACTORS: Record<ResetFactor, ResetFactorCheck> = {
  totp: {
    proves: 'totp',
    check: (deps, flow, typed) => verifyTotp(deps, flow.user?.id ?? flow.tokenHash, typed),
  },
  recovery_code: {
    proves: 'recovery_codes',
    check: (deps, flow, typed) => consumeRecoveryCode(deps, flow.user?.id ?? flow.tokenHash, typed),
  },
  email_code: { proves: 'personal_email', check: checkFlowCode },
};

/** The kinds a flow can prove here, in the policy's order. */
export function checkableKinds(allowed: readonly RecoveryKind[]): RecoveryKind[] {
  const here = new Set(Object.values(RESET_FACTORS).map((factor) => factor.proves));
  return allowed.filter((kind) => here.has(kind));
}
