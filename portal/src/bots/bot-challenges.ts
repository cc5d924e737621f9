import type { RefusalCode } from '@passgate/core/codes';
import { type Challenge, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Kysely } from 'kysely';
import { signInFailureKey } from '../accounts/limit-keys.js';
import type { PortalConfig } from '../config/portal-config.js';
import type { Database } from '../store/database-schema.js';
import { countInWindow, takeFromWindow } from '../store/port/counters.js';
import { spendChallenge } from '../store/port/spend-challenge.js';
import { BOT_CHALLENGE_ALGORITHM, BOT_CHALLENGE_COST } from './challenge-algorithm.js';
import { readChallengePayload } from './challenge-payload.js';
import { challengeSecrets } from './challenge-secrets.js';

/** `reset`: every /reset request. `password`: a password check (/signin, /change) from a failing address. */
export type ChallengeStep = 'reset' | 'password';

export type ChallengeRefusal = Extract<RefusalCode, 'CHALLENGE_REQUIRED' | 'CHALLENGE_FAILED'>;

/** The proof of work asked of scripted clients (issue 13, "Bots"). Nothing here knows about accounts. */
export interface BotChallenges {
  /** A fresh challenge for a page of `step` shown to this client, or null when none is asked of it. */
  forPage(step: ChallengeStep, clientIp: string): Promise<Challenge | null>;
  /**
   * Judges the solution a form carried, BEFORE anything else is done with the form: null when it passes
   * (it is spent then, for good) or when none is asked of this client; otherwise the refusal.
   */
  check(
    step: ChallengeStep,
    clientIp: string,
    solution: string | undefined,
  ): Promise<ChallengeRefusal | null>;
  /** A password check from this client failed: counts toward asking it for a proof of work. */
  countFailure(clientIp: string): Promise<void>;
}

export interface BotChallengeDeps {
  db: Kysely<Database>;
  config: PortalConfig['bots'];
  secretKey: Buffer;
  now: () => Date;
}

/** A count that never runs over: takeFromWindow is used here to count, not to limit. */
const UNCAPPED = 2 ** 31 - 1;

export function createBotChallenges(deps: BotChallengeDeps): BotChallenges {
  const { db, config } = deps;
  const secrets = challengeSecrets(deps.secretKey);
  const failures = { max: UNCAPPED, windowSeconds: config.failureWindowSeconds };

  const asked = async (step: ChallengeStep, clientIp: string): Promise<boolean> => {
    if (!config.challenge) return false;
    if (step === 'reset' || config.signInFailuresBeforeChallenge === 0) return true;
    const failed = await countInWindow(db, signInFailureKey(clientIp), failures, deps.now().getTime());
    return failed >= config.signInFailuresBeforeChallenge;
  };

  return {
    async forPage(step, clientIp) {
      if (!(await asked(step, clientIp))) return null;
      const difficulty = config.difficulty;
      return createChallenge({
        algorithm: BOT_CHALLENGE_ALGORITHM,
        cost: BOT_CHALLENGE_COST,
        deriveKey,
        // Between half and all of the difficulty: never a lucky challenge solved in a try or two.
        counter: randomInt(difficulty, Math.ceil(difficulty / 2)),
        expiresAt: new Date(deps.now().getTime() + config.challengeMinutes * 60_000),
        hmacSignatureSecret: secrets.challenge,
        hmacKeySignatureSecret: secrets.key,
      });
    },

    async check(step, clientIp, solution) {
      if (!(await asked(step, clientIp))) return null;
      if (solution === undefined || solution === '') return 'CHALLENGE_REQUIRED';
      const payload = readChallengePayload(solution);
      if (payload === null) return 'CHALLENGE_FAILED';
      const expiresAt = payload.challenge.parameters.expiresAt * 1000;
      // altcha-lib checks the expiry against the system clock; the portal's own clock decides too.
      if (expiresAt <= deps.now().getTime()) return 'CHALLENGE_FAILED';
      const result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: secrets.challenge,
        hmacKeySignatureSecret: secrets.key,
      });
      if (!result.verified) return 'CHALLENGE_FAILED';
      // Last, and atomic: of two requests carrying one solution, exactly one gets past here.
      return (await spendChallenge(db, payload.challenge.signature, expiresAt)) ? null : 'CHALLENGE_FAILED';
    },

    async countFailure(clientIp) {
      if (!config.challenge || config.signInFailuresBeforeChallenge === 0) return;
      await takeFromWindow(db, signInFailureKey(clientIp), failures, deps.now().getTime());
    },
  };
}

/** For an app built without a store (web-layer tests): no form asks for a proof of work. */
export const NO_BOT_CHALLENGES: BotChallenges = {
  forPage: async () => null,
  check: async () => null,
  countFailure: async () => {},
};
