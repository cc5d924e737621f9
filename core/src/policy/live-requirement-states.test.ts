import { describe, expect, it } from 'vitest';
import { describeRequirements } from './describe-requirements.js';
import { type LiveCheck, liveProgress, liveRequirementStates } from './live-requirement-states.js';
import { defaultPolicy } from './parse-policy.js';

const requirements = describeRequirements(defaultPolicy);

function statesFor(password: string, extra: Partial<LiveCheck> = {}): Record<string, string> {
  const check: LiveCheck = {
    password,
    policy: defaultPolicy,
    context: { email: 'adele.vance@contoso.com' },
    nameKnown: true,
    ...extra,
  };
  const states = liveRequirementStates(requirements, check);
  return Object.fromEntries(requirements.map((r, i) => [r.code, states[i] ?? '']));
}

describe('liveRequirementStates()', () => {
  it('ticks nothing before typing, and marks the server-only checks as pending', () => {
    const states = liveRequirementStates(requirements, null);
    expect(states.filter((s) => s === 'met')).toEqual([]);
    expect(states.filter((s) => s === 'on-submit')).toHaveLength(3);
  });

  it('never ticks the common-password, banned-word or history checks, even when all else is met', () => {
    const states = statesFor('Harbour-Lantern-47!');
    expect(Object.values(states)).not.toContain('unmet');
    expect(states.COMMON_PASSWORD).toBe('on-submit');
    expect(states.BANNED).toBe('on-submit');
    expect(states.REUSED).toBe('on-submit');
    expect(states.TOO_SHORT).toBe('met');
  });

  it('counts only what the browser checked, and how many wait for the submit', () => {
    const progress = liveProgress(
      liveRequirementStates(requirements, {
        password: 'Harbour-Lantern-47!',
        policy: defaultPolicy,
        context: {},
        nameKnown: true,
      }),
    );
    // TOO_LONG is out of reach, and three checks are the server's: 7 of the 11 are counted.
    expect(progress).toEqual({ met: 7, checked: 7, pending: 3 });
  });

  it('reports a failed rule as unmet, not pending', () => {
    const states = statesFor('harbour');
    expect(states.TOO_SHORT).toBe('unmet');
    expect(states.MISSING_UPPERCASE).toBe('unmet');
  });

  it('leaves "At most 256 characters" unticked until the password comes near it', () => {
    expect(statesFor('H').TOO_LONG).toBe('out-of-reach');
    expect(statesFor(`Aa1!${'x'.repeat(235)}`).TOO_LONG).toBe('out-of-reach');
    expect(statesFor(`Aa1!${'x'.repeat(240)}`).TOO_LONG).toBe('met');
    expect(statesFor(`Aa1!${'x'.repeat(253)}`).TOO_LONG).toBe('unmet');
  });

  it('keeps the name check pending when the page does not know the name, yet still catches the username', () => {
    expect(statesFor('Harbour-Lantern-47!', { nameKnown: false }).CONTAINS_USERNAME).toBe('on-submit');
    expect(statesFor('Adele-Vance-2025!!', { nameKnown: false }).CONTAINS_USERNAME).toBe('unmet');
    expect(statesFor('Harbour-Lantern-47!').CONTAINS_USERNAME).toBe('met');
  });
});
