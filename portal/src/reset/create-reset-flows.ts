import { addressBucket } from '../accounts/address-bucket.js';
import { limitRefusal } from '../accounts/limit-end.js';
import { accountLockKey, lockedAnywhere } from '../accounts/limit-keys.js';
import { lockEndOf } from '../accounts/lock-refusal.js';
import { hashOpaqueToken } from '../accounts/opaque-token.js';
import { refused } from '../accounts/refused.js';
import { requestReset } from '../accounts/request-reset.js';
import { normaliseEmail } from '../accounts/tenant-for-email.js';
import type { ProofKind } from '../notifications/index.js';
import { passkeyAssertionOptions } from '../recovery/passkey-assertion.js';
import { refusedWith } from '../recovery/recovery-outcome.js';
import { methodsNeeded } from '../recovery/standing.js';
import { takeFromWindow, takeFromWindows } from '../store/port/counters.js';
import { raiseFlowNeeded } from '../store/port/reset-flows.js';
import { continueFromLink, linkNeedsMore } from './continue-from-link.js';
import { isComplete, setPasswordWithFlow, unlockWithFlow } from './finish-reset.js';
import { sendFlowCode } from './flow-code.js';
import { endFlow, type FlowRow, findFlow, openFlow } from './flow-rows.js';
import { proveFactor } from './prove-factor.js';
import type { ResetDeps } from './reset-deps.js';
import { checkableKinds, RESET_PASSKEY_PURPOSE } from './reset-factors.js';
import type { ResetFlowService, ResetFlowView } from './reset-flow-service.js';
import { startWindow } from './reset-limits.js';

/** The reset flow behind /reset (see ResetFlowService). */
export function createResetFlows(deps: ResetDeps): ResetFlowService {
  const { db, config } = deps;
  const now = (): number => deps.now().getTime();
  /**
   * The live flow behind a token, needing what its account needs NOW: an account made an admin after the
   * flow began needs two kinds before its next step or its finish, not the one counted at its start.
   */
  const live = async (token: string): Promise<FlowRow | null> => {
    const ms = now();
    const flow = await findFlow(db, token, ms);
    if (flow?.user == null) return flow;
    const needed = methodsNeeded(flow.user.is_admin === 1, config.recovery);
    if (needed <= flow.needed) return flow;
    await raiseFlowNeeded(db, flow.tokenHash, needed, ms);
    return { ...flow, needed };
  };

  return {
    async start(input) {
      const ms = now();
      const windows = [startWindow(config, input.clientIp)];
      if (!(await takeFromWindows(db, windows, ms)))
        return { status: 'refused', ...(await limitRefusal(db, windows, ms)) };
      const email = normaliseEmail(input.email).slice(0, 320);
      const user =
        (await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()) ?? null;
      // An address with no account gets a flow like any other, needing what the policy says: it then
      // fails where a wrong code fails. (An admin's 2 is kept on the row and shown only after a proof.)
      const needed =
        user === null ? config.recovery.required : methodsNeeded(user.is_admin === 1, config.recovery);
      const opened = await openFlow(db, { email, user, needed, proven: [] }, ms);
      return { status: 'ok', grant: { token: opened.token, expiresAt: new Date(opened.expiresAt) } };
    },

    async view(token): Promise<ResetFlowView | null> {
      const flow = await live(token);
      if (flow === null) return null;
      const { recovery } = config;
      const offer: ProofKind[] = checkableKinds(recovery.methods).filter(
        (kind) => !flow.proven.includes(kind),
      );
      // The link is offered wherever the policy could let it serve; whether it may for THIS account is
      // decided off the request, where nobody sees it (request-reset.ts).
      if (recovery.workMailboxLink !== 'never' && !flow.proven.includes('work_mailbox'))
        offer.push('work_mailbox');
      return {
        email: flow.email,
        needed: flow.proven.length === 0 ? recovery.required : flow.needed,
        proven: flow.proven,
        complete: isComplete(flow),
        offer,
      };
    },

    async sendCode(token, origin) {
      const flow = await live(token);
      return flow === null ? refusedWith('RESET_EXPIRED') : sendFlowCode(deps, flow, origin);
    },

    async sendLink(token, origin) {
      const flow = await live(token);
      if (flow === null) return refusedWith('RESET_EXPIRED');
      if (config.recovery.workMailboxLink === 'never') return refusedWith('METHOD_NOT_ALLOWED');
      await requestReset(deps, { email: flow.email, ...origin });
      return { status: 'ok' };
    },

    async passkeyOptions(token, origin) {
      const flow = await live(token);
      if (flow === null) return refusedWith('RESET_EXPIRED');
      // Each request stores a challenge: counted per client address, as at the passkey sign-in.
      const key = `passkey-options:${addressBucket(origin.clientIp)}`;
      if (!(await takeFromWindow(db, key, config.rateLimits.perAddress, now())))
        return refusedWith('RATE_LIMITED');
      return passkeyAssertionOptions(deps, {
        purpose: RESET_PASSKEY_PURPOSE,
        binding: flow.tokenHash,
        userId: null,
      });
    },

    async prove(token, input, origin) {
      const flow = await live(token);
      return flow === null ? refusedWith('RESET_EXPIRED') : proveFactor(deps, flow, input, origin);
    },

    async finish(token) {
      const flow = await live(token);
      if (!isComplete(flow)) return null;
      if (flow.user.status === 'suspended') return { status: 'suspended' };
      return {
        status: 'ready',
        email: flow.user.email,
        displayName: flow.user.display_name,
        locked: await lockedAnywhere(db, flow.user.email, now()),
        lockEnd: await lockEndOf(db, accountLockKey(flow.user.email), now()),
      };
    },

    async setPassword(input) {
      const flow = await live(input.token);
      if (!isComplete(flow)) return refused('RESET_EXPIRED');
      return setPasswordWithFlow(deps, flow, input);
    },

    async unlock(token, origin) {
      const flow = await live(token);
      if (!isComplete(flow)) return refusedWith('RESET_EXPIRED');
      return unlockWithFlow(deps, flow, origin);
    },

    linkNeedsMore: (linkToken) => linkNeedsMore(deps, linkToken),
    continueFromLink: (linkToken, flowToken) => continueFromLink(deps, linkToken, flowToken),

    async end(token) {
      if (token.length > 0 && token.length <= 200) await endFlow(db, hashOpaqueToken(token), now());
    },
  };
}
