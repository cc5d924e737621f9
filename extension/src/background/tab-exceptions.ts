import { ext } from '../lib/ext.js';
import { REDIRECT_WINDOW_MS } from '../lib/redirect-guard.js';
import {
  continueOnceRule,
  dueRules,
  findException,
  guestSubmitRule,
  nextRuleId,
  type TabException,
  type TabRule,
  type TabRuleKind,
  tabPauseRule,
} from '../lib/tab-rules.js';

const EXCEPTIONS_KEY = 'tabExceptions';
/** The alarm that ends tab exceptions; its listener is registered at the worker's top level. */
export const EXPIRY_ALARM = 'passgate-end-tab-exceptions';
/** How long a guest's expired-password page may post to Microsoft, and a "continue" may wait. */
const GUEST_SUBMIT_MS = 10 * 60_000;
const CONTINUE_MS = 60_000;
type SessionRules = Parameters<typeof ext.declarativeNetRequest.updateSessionRules>[0]['addRules'];
type Exceptions = Record<string, TabException>;

let queue: Promise<unknown> = Promise.resolve();

/** Runs `change` on the stored exceptions, one change at a time (each reads what the last wrote). */
function serially<T>(change: (exceptions: Exceptions) => Promise<T>): Promise<T> {
  const turn = queue.then(async () => {
    const stored = await ext.storage.session.get(EXCEPTIONS_KEY);
    return change((stored[EXCEPTIONS_KEY] as Exceptions | undefined) ?? {});
  });
  queue = turn.catch(() => undefined);
  return turn;
}

/** Stores the exceptions and sets one alarm at the earliest end among them (or none). */
async function save(exceptions: Exceptions): Promise<void> {
  await ext.storage.session.set({ [EXCEPTIONS_KEY]: exceptions });
  const ends = Object.values(exceptions).map((exception) => exception.until);
  if (ends.length === 0) await ext.alarms.clear(EXPIRY_ALARM);
  else await ext.alarms.create(EXPIRY_ALARM, { when: Math.min(...ends) });
}

/**
 * Installs a session rule for one tab until `until`, replacing the tab's earlier one of the same
 * kind. The end is kept in session storage and an alarm wakes the worker to remove the rule: a
 * timer would die with a stopped worker.
 */
function addUntil(
  kind: TabRuleKind,
  tabId: number,
  build: (id: number) => TabRule,
  until: number,
): Promise<void> {
  return serially(async (exceptions) => {
    const id = findException(exceptions, kind, tabId) ?? nextRuleId(Object.keys(exceptions).map(Number));
    await ext.declarativeNetRequest.updateSessionRules({
      removeRuleIds: [id],
      addRules: [build(id)] as SessionRules,
    });
    await save({ ...exceptions, [id]: { kind, tabId, until } });
  });
}

async function removeFrom(exceptions: Exceptions, ids: number[]): Promise<void> {
  await ext.declarativeNetRequest.updateSessionRules({ removeRuleIds: ids });
  const rest = { ...exceptions };
  for (const id of ids) delete rest[id];
  await save(rest);
}

/** Stops redirecting a tab for the loop guard's window, DNR included. */
export function pauseTab(tabId: number): Promise<void> {
  return addUntil('pause', tabId, (id) => tabPauseRule(id, tabId), Date.now() + REDIRECT_WINDOW_MS);
}

/** Lets a guest's expired-password page in this tab post its change to Microsoft on `host`. */
export function allowGuestSubmit(tabId: number, host: string): Promise<void> {
  return addUntil(
    'guestSubmit',
    tabId,
    (id) => guestSubmitRule(id, tabId, host),
    Date.now() + GUEST_SUBMIT_MS,
  );
}

/** Opens `url` in the tab past the redirect rules, once ("Continue to Microsoft"). */
export async function continueOnce(tabId: number, url: string): Promise<void> {
  await addUntil('continueOnce', tabId, (id) => continueOnceRule(id, tabId, url), Date.now() + CONTINUE_MS);
  await ext.tabs.update(tabId, { url });
}

/**
 * True when the tab is opening the page it was let through to; the pass is then used up, so the
 * tab's next visit to a Microsoft password page is redirected again.
 */
export function useContinueOnce(tabId: number, url: string): Promise<boolean> {
  return serially(async (exceptions) => {
    const id = findException(exceptions, 'continueOnce', tabId);
    if (id === undefined) return false;
    const rule = (await ext.declarativeNetRequest.getSessionRules()).find((candidate) => candidate.id === id);
    if (rule === undefined || !new RegExp(rule.condition.regexFilter ?? '^$').test(url)) return false;
    await removeFrom(exceptions, [id]);
    return true;
  });
}

export function endDueExceptions(): Promise<void> {
  return serially(async (exceptions) => {
    const due = dueRules(exceptions, Date.now());
    if (due.length > 0) await removeFrom(exceptions, due);
  });
}
