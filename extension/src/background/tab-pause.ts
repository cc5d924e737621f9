import { ext } from '../lib/ext.js';
import { REDIRECT_WINDOW_MS } from '../lib/redirect-guard.js';
import { expiredPauses, tabPauseRule } from '../lib/tab-pause-rule.js';

const PAUSES_KEY = 'tabPauses';
type SessionRules = Parameters<typeof ext.declarativeNetRequest.updateSessionRules>[0]['addRules'];

async function readPauses(): Promise<Record<string, number>> {
  const stored = await ext.storage.session.get(PAUSES_KEY);
  return (stored[PAUSES_KEY] as Record<string, number> | undefined) ?? {};
}

/**
 * Stops redirecting a tab for the guard's window, DNR included. The end time is kept in session
 * storage because the worker may be stopped before a timer would fire; `resumeDueTabs` runs on
 * every worker start and settings change as well as from the timer.
 */
export async function pauseTab(tabId: number): Promise<void> {
  const until = Date.now() + REDIRECT_WINDOW_MS;
  await ext.declarativeNetRequest.updateSessionRules({
    removeRuleIds: [tabId],
    addRules: [tabPauseRule(tabId)] as SessionRules,
  });
  await ext.storage.session.set({ [PAUSES_KEY]: { ...(await readPauses()), [tabId]: until } });
  setTimeout(() => void resumeDueTabs(), REDIRECT_WINDOW_MS + 100);
}

export async function resumeDueTabs(): Promise<void> {
  const pauses = await readPauses();
  const due = expiredPauses(pauses, Date.now());
  if (due.length === 0) return;
  await ext.declarativeNetRequest.updateSessionRules({ removeRuleIds: due });
  for (const tabId of due) delete pauses[tabId];
  await ext.storage.session.set({ [PAUSES_KEY]: pauses });
}
