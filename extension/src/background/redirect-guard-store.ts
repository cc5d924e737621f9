import { ext } from '../lib/ext.js';
import { type RedirectHistory, recordRedirect } from '../lib/redirect-guard.js';

const HISTORY_KEY = 'redirectHistory';
let queue: Promise<unknown> = Promise.resolve();

/**
 * The loop guard's count lives in session storage, not in the worker: the browser stops an idle
 * worker within about 30 seconds, which would reset an in-memory count and let a loop run on.
 * Calls are queued, so two navigations of one tab never read the same history.
 */
export function allowRedirect(tabId: number): Promise<boolean> {
  const turn = queue.then(async () => {
    const stored = await ext.storage.session.get(HISTORY_KEY);
    const previous = (stored[HISTORY_KEY] as RedirectHistory | undefined) ?? {};
    const { allowed, history } = recordRedirect(previous, tabId, Date.now());
    await ext.storage.session.set({ [HISTORY_KEY]: history });
    return allowed;
  });
  queue = turn.catch(() => undefined);
  return turn;
}
