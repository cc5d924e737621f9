import { ext } from '../lib/ext.js';
import { REDIRECT_WINDOW_MS } from '../lib/redirect-guard.js';
import { expiredPauses, tabPauseRule } from '../lib/tab-pause-rule.js';

const PAUSES_KEY = 'tabPauses';
/** The alarm that ends tab pauses; its listener is registered at the worker's top level. */
export const RESUME_ALARM = 'passgate-resume-tabs';
type SessionRules = Parameters<typeof ext.declarativeNetRequest.updateSessionRules>[0]['addRules'];

async function readPauses(): Promise<Record<string, number>> {
  const stored = await ext.storage.session.get(PAUSES_KEY);
  return (stored[PAUSES_KEY] as Record<string, number> | undefined) ?? {};
}

/** One alarm at the earliest end among the pauses still running (or none). */
async function scheduleResume(pauses: Record<string, number>): Promise<void> {
  const ends = Object.values(pauses);
  if (ends.length === 0) {
    await ext.alarms.clear(RESUME_ALARM);
    return;
  }
  await ext.alarms.create(RESUME_ALARM, { when: Math.min(...ends) });
}

/**
 * Stops redirecting a tab for the guard's window, DNR included. The end time is kept in session
 * storage and an alarm wakes the worker to resume the tab: a timer would die with a stopped
 * worker. `resumeDueTabs` also runs on every worker start and settings change.
 */
export async function pauseTab(tabId: number): Promise<void> {
  const until = Date.now() + REDIRECT_WINDOW_MS;
  await ext.declarativeNetRequest.updateSessionRules({
    removeRuleIds: [tabId],
    addRules: [tabPauseRule(tabId)] as SessionRules,
  });
  const pauses = { ...(await readPauses()), [tabId]: until };
  await ext.storage.session.set({ [PAUSES_KEY]: pauses });
  await scheduleResume(pauses);
}

export async function resumeDueTabs(): Promise<void> {
  const pauses = await readPauses();
  const due = expiredPauses(pauses, Date.now());
  if (due.length === 0) return;
  await ext.declarativeNetRequest.updateSessionRules({ removeRuleIds: due });
  for (const tabId of due) delete pauses[tabId];
  await ext.storage.session.set({ [PAUSES_KEY]: pauses });
  await scheduleResume(pauses);
}
