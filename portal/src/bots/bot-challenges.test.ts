import { randomBytes } from 'node:crypto';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import type { PortalConfig } from '../config/portal-config.js';
import { openStore, type Store } from '../store/open-store.js';
import { createBotChallenges } from './bot-challenges.js';

const MINUTE = 60_000;
const IP = '203.0.113.9';
let store: Store;
let at: number;

beforeEach(async () => {
  store = await openStore(':memory:');
  at = Date.now();
});
afterEach(() => store.close());

function botsConfig(bots: Partial<PortalConfig['bots']> = {}): PortalConfig['bots'] {
  const base = parseConfig(
    { publicUrl: 'https://p.example.com', secretKey: randomBytes(32).toString('hex') },
    {},
  );
  return { ...base.bots, difficulty: 20, ...bots };
}

function challengesWith(bots: Partial<PortalConfig['bots']> = {}, secretKey = Buffer.alloc(32, 3)) {
  return createBotChallenges({ db: store.db, config: botsConfig(bots), secretKey, now: () => new Date(at) });
}

/** What the browser island puts in the form: base64 of { challenge, solution }. */
async function solved(challenge: Challenge | null): Promise<string> {
  if (challenge === null) throw new Error('no challenge was asked for');
  const solution = await solveChallenge({ challenge, deriveKey });
  if (solution === null) throw new Error('altcha-lib found no solution');
  const { parameters, signature } = challenge;
  return Buffer.from(JSON.stringify({ challenge: { parameters, signature }, solution })).toString('base64');
}

function edited(
  payload: string,
  edit: (decoded: { challenge: Challenge; solution: object }) => void,
): string {
  const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  edit(decoded);
  return Buffer.from(JSON.stringify(decoded)).toString('base64');
}

async function usedRows(): Promise<number> {
  return (await store.db.selectFrom('used_challenges').selectAll().execute()).length;
}

describe('createBotChallenges() on /reset', () => {
  it('asks every client, expiring after challengeMinutes, and accepts a solution once', async () => {
    const bots = challengesWith({ challengeMinutes: 10 });
    const challenge = await bots.forPage('reset', IP);
    expect(challenge?.parameters).toMatchObject({
      algorithm: 'PBKDF2/SHA-256',
      expiresAt: Math.floor((at + 10 * MINUTE) / 1000),
    });
    const payload = await solved(challenge);
    expect(await bots.check('reset', IP, payload)).toBeNull();
    expect(await bots.check('reset', IP, payload)).toBe('CHALLENGE_FAILED');
    // From anywhere else too: the solution is spent, not the address.
    expect(await bots.check('reset', '198.51.100.1', payload)).toBe('CHALLENGE_FAILED');
    expect(await usedRows()).toBe(1);
  });

  it('refuses a form without a solution as CHALLENGE_REQUIRED', async () => {
    const bots = challengesWith();
    expect(await bots.check('reset', IP, undefined)).toBe('CHALLENGE_REQUIRED');
    expect(await bots.check('reset', IP, '')).toBe('CHALLENGE_REQUIRED');
  });

  it('refuses an expired challenge, even solved, and remembers nothing', async () => {
    const bots = challengesWith({ challengeMinutes: 10 });
    at = Date.now() - 11 * MINUTE;
    const payload = await solved(await bots.forPage('reset', IP));
    at = Date.now();
    expect(await bots.check('reset', IP, payload)).toBe('CHALLENGE_FAILED');
    expect(await usedRows()).toBe(0);
  });

  it("refuses a challenge signed with another portal's key (a wrong HMAC)", async () => {
    const elsewhere = challengesWith({}, Buffer.alloc(32, 4));
    const payload = await solved(await elsewhere.forPage('reset', IP));
    expect(await challengesWith().check('reset', IP, payload)).toBe('CHALLENGE_FAILED');
    expect(await usedRows()).toBe(0);
  });

  it('refuses a challenge whose parameters were edited after signing (an easier one, a later expiry)', async () => {
    const bots = challengesWith();
    const payload = await solved(await bots.forPage('reset', IP));
    const later = edited(payload, (p) => {
      p.challenge.parameters.expiresAt = (p.challenge.parameters.expiresAt ?? 0) + 3600;
    });
    const easier = edited(payload, (p) => {
      p.challenge.parameters.cost = 1;
    });
    expect(await bots.check('reset', IP, later)).toBe('CHALLENGE_FAILED');
    expect(await bots.check('reset', IP, easier)).toBe('CHALLENGE_FAILED');
    // The untouched one still works: refusals spent nothing.
    expect(await bots.check('reset', IP, payload)).toBeNull();
  });

  it('refuses a wrong answer to a genuine challenge', async () => {
    const bots = challengesWith();
    const payload = await solved(await bots.forPage('reset', IP));
    const wrongKey = edited(payload, (p) => {
      Object.assign(p.solution, { derivedKey: '00'.repeat(32) });
    });
    expect(await bots.check('reset', IP, wrongKey)).toBe('CHALLENGE_FAILED');
    expect(await usedRows()).toBe(0);
  });

  it('answers anything malformed with CHALLENGE_FAILED, never a throw', async () => {
    const bots = challengesWith();
    const payload = await solved(await bots.forPage('reset', IP));
    const malformed = [
      'not base64!',
      Buffer.from('not json').toString('base64'),
      Buffer.from('{"challenge":1}').toString('base64'),
      edited(payload, (p) => Object.assign(p.challenge.parameters, { extra: 1 })),
      edited(payload, (p) => Object.assign(p.solution, { counter: -1 })),
      edited(payload, (p) => Object.assign(p.challenge, { signature: 'ZZ' })),
      'A'.repeat(5000),
    ];
    for (const field of malformed) expect(await bots.check('reset', IP, field)).toBe('CHALLENGE_FAILED');
  });

  it('asks nothing when bots.challenge is off', async () => {
    const bots = challengesWith({ challenge: false });
    expect(await bots.forPage('reset', IP)).toBeNull();
    expect(await bots.check('reset', IP, undefined)).toBeNull();
  });
});

describe('createBotChallenges() on password checks', () => {
  it('asks an address only once it has failed signInFailuresBeforeChallenge times in the window', async () => {
    const bots = challengesWith({ signInFailuresBeforeChallenge: 3, failureWindowSeconds: 900 });
    for (let i = 0; i < 2; i += 1) await bots.countFailure(IP);
    expect(await bots.forPage('password', IP)).toBeNull();
    expect(await bots.check('password', IP, undefined)).toBeNull();
    await bots.countFailure(IP);
    expect(await bots.check('password', IP, undefined)).toBe('CHALLENGE_REQUIRED');
    expect(await bots.check('password', IP, await solved(await bots.forPage('password', IP)))).toBeNull();
    // Another address, and the same one once the window has passed, are not asked.
    expect(await bots.forPage('password', '198.51.100.1')).toBeNull();
    at += 900_000;
    expect(await bots.forPage('password', IP)).toBeNull();
  });

  it('counts an IPv6 client by its /64, so rotating addresses within it does not start afresh', async () => {
    const bots = challengesWith({ signInFailuresBeforeChallenge: 2 });
    await bots.countFailure('2001:db8:1:2::a');
    await bots.countFailure('2001:db8:1:2:ffff::b');
    expect(await bots.forPage('password', '2001:db8:1:2:1234::c')).not.toBeNull();
    expect(await bots.forPage('password', '2001:db8:1:3::a')).toBeNull();
  });

  it('asks every password check with a threshold of 0, and counts nothing then', async () => {
    const bots = challengesWith({ signInFailuresBeforeChallenge: 0 });
    expect(await bots.check('password', IP, undefined)).toBe('CHALLENGE_REQUIRED');
    await bots.countFailure(IP);
    expect(await store.db.selectFrom('counters').selectAll().execute()).toEqual([]);
  });
});
