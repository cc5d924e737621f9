import { escapeRegex } from '@passgate/core/m365';
import type { DnrRule } from './redirect-rules.js';

/** Above every dynamic rule's priority, so it beats any redirect or block. */
export const TAB_RULE_PRIORITY = 100;

/** The exceptions one tab can have (at most one of each kind at a time). */
export type TabRuleKind = 'pause' | 'continueOnce' | 'guestSubmit';

export type TabRule = DnrRule & { condition: { tabIds: number[] } };

/**
 * A session rule id not yet in use. Ids are handed out, not derived from the tab: tab ids can be
 * larger than a rule id may be (a 32-bit integer).
 */
export function nextRuleId(inUse: readonly number[]): number {
  return inUse.reduce((highest, id) => Math.max(highest, id), 0) + 1;
}

/**
 * Lets every top-level navigation of one tab through unredirected: the DNR half of the loop
 * guard (DNR itself cannot count).
 */
export function tabPauseRule(id: number, tabId: number): TabRule {
  return {
    id,
    priority: TAB_RULE_PRIORITY,
    action: { type: 'allow' },
    condition: { regexFilter: '^.*$', resourceTypes: ['main_frame'], tabIds: [tabId] },
  };
}

/**
 * Lets one tab open exactly `url` (a Microsoft page) once: what "Continue to Microsoft" on the
 * portal asks for. The worker removes it when the page commits; it is never a general pass.
 */
export function continueOnceRule(id: number, tabId: number, url: string): TabRule {
  return {
    id,
    priority: TAB_RULE_PRIORITY,
    action: { type: 'allow' },
    condition: { regexFilter: `^${escapeRegex(url)}$`, resourceTypes: ['main_frame'], tabIds: [tabId] },
  };
}

/**
 * Lets the expired-password page of an account outside the organisation (a guest) send its
 * change to Microsoft from that tab: the submit block is for the organisation's accounts only.
 */
export function guestSubmitRule(id: number, tabId: number, host: string): TabRule {
  return {
    id,
    priority: TAB_RULE_PRIORITY,
    action: { type: 'allow' },
    condition: {
      regexFilter: `^https://${escapeRegex(host)}/`,
      resourceTypes: ['main_frame', 'sub_frame', 'xmlhttprequest', 'other'],
      requestMethods: ['post'],
      tabIds: [tabId],
    },
  };
}

/** One exception as kept in session storage, by rule id. */
export interface TabException {
  kind: TabRuleKind;
  tabId: number;
  /** When it ends (epoch ms). */
  until: number;
}

/** Which exceptions are due to end at `now`. */
export function dueRules(exceptions: Record<string, TabException>, now: number): number[] {
  return Object.entries(exceptions)
    .filter(([, exception]) => exception.until <= now)
    .map(([id]) => Number(id));
}

/** The rule id of the tab's exception of `kind`, if it has one. */
export function findException(
  exceptions: Record<string, TabException>,
  kind: TabRuleKind,
  tabId: number,
): number | undefined {
  const found = Object.entries(exceptions).find(
    ([, exception]) => exception.kind === kind && exception.tabId === tabId,
  );
  return found === undefined ? undefined : Number(found[0]);
}
