import type { RequestOrigin } from '../accounts/account-service.js';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import { verifyPasskeyAssertion } from '../recovery/passkey-assertion.js';
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
  check(deps: ResetDeps, flow: FlowRow, typed: string, origin: RequestOrigin): Promise<RecoveryOutcome>;
}

/**
 * The factors /reset checks, one per kind of method; the page offers a kind (that the policy allows) only
 * when it has an entry here. A new kind of method is one more entry (and its form on the page): limits,
 * audit, "different kinds" and the notice all go by `proves`.
 */
export const RESET_FACTORS: Record<ResetFactor, ResetFactorCheck> = {
  totp: {
    proves: 'totp',
    check: (deps, flow, typed) =>
      verifyTotp(deps, flow.user?.id ?? flow.tokenHash, typed, { forReset: true }),
  },
  recovery_code: {
    proves: 'recovery_codes',
    check: (deps, flow, typed) =>
      consumeRecoveryCode(deps, flow.user?.id ?? flow.tokenHash, typed, { forReset: true }),
  },
  email_code: { proves: 'personal_email', check: checkFlowCode },
  // The browser's answer to the flow's own challenge (RESET_PASSKEY_PURPOSE, bound to the flow). It must be
  // a passkey of the account the flow is for: for an address with no account, no passkey is (the same
  // PASSKEY_NOT_ACCEPTED as anyone else's passkey).
  passkey: {
    proves: 'passkey',
    check: (deps, flow, response, origin) =>
      verifyPasskeyAssertion(
        deps,
        {
          purpose: RESET_PASSKEY_PURPOSE,
          binding: flow.tokenHash,
          response,
          expectedUserId: flow.user?.id ?? flow.tokenHash,
          forReset: true,
        },
        origin,
      ),
  },
};

/** The passkey ceremony purpose of /reset: a challenge issued for a sign-in cannot be spent here. */
export const RESET_PASSKEY_PURPOSE = 'reset';

/** The kinds a flow can prove here, in the policy's order. */
export function checkableKinds(allowed: readonly RecoveryKind[]): RecoveryKind[] {
  const here = new Set(Object.values(RESET_FACTORS).map((factor) => factor.proves));
  return allowed.filter((kind) => here.has(kind));
}
