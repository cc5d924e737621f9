import { managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { buildRedirectRules } from './redirect-rules.js';
import { sameRules } from './same-rules.js';

const rules = buildRedirectRules({ ...managedSettingsDefaults, portalUrl: 'https://pw.example.com' });

describe('sameRules()', () => {
  it('finds the rules the browser hands back equal, whatever the order of rules and keys', () => {
    const roundTripped = JSON.parse(JSON.stringify(rules)).reverse();
    roundTripped[0] = {
      condition: roundTripped[0].condition,
      priority: roundTripped[0].priority,
      id: roundTripped[0].id,
      action: roundTripped[0].action,
    };
    expect(sameRules(roundTripped, rules)).toBe(true);
  });

  it('sees a changed portal, a missing rule and an extra one', () => {
    const other = buildRedirectRules({ ...managedSettingsDefaults, portalUrl: 'https://other.example.com' });
    expect(sameRules(other, rules)).toBe(false);
    expect(sameRules(rules.slice(1), rules)).toBe(false);
    expect(sameRules([...rules, { ...rules[0], id: 99 }], rules)).toBe(false);
    expect(sameRules([], [])).toBe(true);
  });
});
