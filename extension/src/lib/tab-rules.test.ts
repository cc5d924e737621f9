import { managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { simulateDnr } from '../../test-support/dnr-simulator.js';
import { buildRedirectRules } from './redirect-rules.js';
import {
  continueOnceRule,
  dueRules,
  findException,
  guestSubmitRule,
  nextRuleId,
  tabPauseRule,
} from './tab-rules.js';

const redirects = buildRedirectRules({ ...managedSettingsDefaults, portalUrl: 'https://pw.example.com' });

describe('tabPauseRule()', () => {
  it('outranks every redirect rule for any top-level URL', () => {
    const rules = [...redirects, tabPauseRule(999, 7)];
    expect(simulateDnr(rules, 'https://passwordreset.microsoftonline.com/').type).toBe('allow');
    expect(tabPauseRule(999, 7).condition.tabIds).toEqual([7]);
  });
});

describe('continueOnceRule()', () => {
  const url = 'https://mysignins.microsoft.com/security-info/password/change?a=1';

  it('lets exactly that page through, nothing else', () => {
    const rules = [...redirects, continueOnceRule(999, 7, url)];
    expect(simulateDnr(rules, url).type).toBe('allow');
    expect(simulateDnr(rules, `${url}&b=2`).type).toBe('redirect');
    expect(simulateDnr(rules, 'https://passwordreset.microsoftonline.com/').type).toBe('redirect');
  });
});

describe('guestSubmitRule()', () => {
  it("lifts the submit block on that sign-in host for the tab's posts", () => {
    const rules = [...redirects, guestSubmitRule(999, 7, 'login.microsoftonline.com')];
    const post = { resourceType: 'xmlhttprequest', method: 'post' } as const;
    expect(simulateDnr(rules, 'https://login.microsoftonline.com/common/SSPR/Begin', post).type).toBe(
      'allow',
    );
    expect(simulateDnr(redirects, 'https://login.microsoftonline.com/common/SSPR/Begin', post).type).toBe(
      'block',
    );
  });
});

describe('nextRuleId()', () => {
  it('hands out a small unused id, whatever the tab ids (which can exceed 32 bits)', () => {
    expect(nextRuleId([])).toBe(1);
    expect(nextRuleId([3, 1])).toBe(4);
  });
});

describe('dueRules() and findException()', () => {
  const exceptions = {
    1: { kind: 'pause', tabId: 2_000_000_001, until: 100 },
    2: { kind: 'guestSubmit', tabId: 7, until: 200 },
    3: { kind: 'continueOnce', tabId: 7, until: 300 },
  } as const;

  it('lists the exceptions whose time has ended', () => {
    expect(dueRules(exceptions, 200)).toEqual([1, 2]);
    expect(dueRules({}, 0)).toEqual([]);
  });

  it("finds a tab's exception of one kind", () => {
    expect(findException(exceptions, 'continueOnce', 7)).toBe(3);
    expect(findException(exceptions, 'pause', 2_000_000_001)).toBe(1);
    expect(findException(exceptions, 'pause', 7)).toBeUndefined();
  });
});
