import { managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { simulateDnr } from '../../test-support/dnr-simulator.js';
import { buildRedirectRules } from './redirect-rules.js';
import { expiredPauses, tabPauseRule } from './tab-pause-rule.js';

describe('tabPauseRule()', () => {
  it('outranks every redirect rule for any top-level URL', () => {
    const rules = [
      ...buildRedirectRules({ ...managedSettingsDefaults, portalUrl: 'https://pw.example.com' }),
      { ...tabPauseRule(7), id: 999 },
    ];
    expect(simulateDnr(rules, 'https://passwordreset.microsoftonline.com/').type).toBe('allow');
    expect(tabPauseRule(7).condition.tabIds).toEqual([7]);
  });
});

describe('expiredPauses()', () => {
  it('lists the tabs whose pause has ended', () => {
    expect(expiredPauses({ 1: 100, 2: 200, 3: 300 }, 200)).toEqual([1, 2]);
    expect(expiredPauses({}, 0)).toEqual([]);
  });
});
