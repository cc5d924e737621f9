import type { Context } from 'hono';
import type { BotChallenges, ChallengeRefusal, ChallengeStep } from '../bots/bot-challenges.js';
import type { PageChallenge } from '../views/challenge-props.js';
import { requestOrigin } from './request-origin.js';

/** The proof of work as the routes use it: by request, with the island that solves it on the page. */
export interface PageChallenges {
  /** What a page of `step` asks this request's client to solve, or null. */
  forPage(c: Context, step: ChallengeStep): Promise<PageChallenge | null>;
  /** The refusal for the solution the form carried, or null (it passed and is spent, or none was asked). */
  check(c: Context, step: ChallengeStep, solution: string | undefined): Promise<ChallengeRefusal | null>;
  /** The password this client typed was wrong. */
  countFailure(c: Context): Promise<void>;
}

export function pageChallenges(challenges: BotChallenges, islandSrc: string | null): PageChallenges {
  return {
    async forPage(c, step) {
      const challenge = await challenges.forPage(step, requestOrigin(c).clientIp);
      return challenge === null ? null : { challenge, islandSrc };
    },
    check: (c, step, solution) => challenges.check(step, requestOrigin(c).clientIp, solution),
    countFailure: (c) => challenges.countFailure(requestOrigin(c).clientIp),
  };
}
