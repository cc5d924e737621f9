import type { DnrRule } from './redirect-rules.js';

/** Above every dynamic rule's priority, so it beats any redirect. */
export const TAB_PAUSE_PRIORITY = 100;

/**
 * A session rule that lets every top-level navigation of one tab through unredirected: the DNR
 * half of the loop guard (DNR itself cannot count). Session rules live in their own id space, so
 * the tab id is the rule id.
 */
export function tabPauseRule(tabId: number): DnrRule & { condition: { tabIds: number[] } } {
  return {
    id: tabId,
    priority: TAB_PAUSE_PRIORITY,
    action: { type: 'allow' },
    condition: { regexFilter: '^.*$', resourceTypes: ['main_frame'], tabIds: [tabId] },
  };
}

/** Which paused tabs are due to resume at `now`, given when each pause ends. */
export function expiredPauses(pauses: Record<string, number>, now: number): number[] {
  return Object.entries(pauses)
    .filter(([, until]) => until <= now)
    .map(([tabId]) => Number(tabId));
}
