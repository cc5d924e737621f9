import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

const CHALLENGE_DATA = /<script type="application\/json" id="challenge-data">(.*?)<\/script>/s;

/**
 * What a browser with JavaScript adds to a form the portal asks a proof of work for: `altcha`, the
 * page's challenge solved with altcha-lib (as the page's island does), base64 of { challenge, solution }.
 * Nothing when the page asks none. Every test client that posts forms calls this with the form's page.
 */
export async function challengeFields(html: string): Promise<Record<string, string>> {
  const json = CHALLENGE_DATA.exec(html)?.[1];
  if (json === undefined) return {};
  return { altcha: await solvedChallenge(JSON.parse(json) as Challenge) };
}

/** A challenge solved with altcha-lib, as the `altcha` field carries it. */
export async function solvedChallenge(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (solution === null) throw new Error('altcha-lib found no solution to the challenge');
  const { parameters, signature } = challenge;
  return Buffer.from(JSON.stringify({ challenge: { parameters, signature }, solution })).toString('base64');
}
