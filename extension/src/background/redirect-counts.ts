import { ext } from '../lib/ext.js';
import { NO_REDIRECTS, type RedirectCounts } from '../lib/heartbeat-payload.js';

const COUNTS_KEY = 'redirectCounts';
let queue: Promise<unknown> = Promise.resolve();

export async function readRedirectCounts(): Promise<RedirectCounts> {
  const stored = await ext.storage.local.get(COUNTS_KEY);
  return { ...NO_REDIRECTS, ...(stored[COUNTS_KEY] as Partial<RedirectCounts> | undefined) };
}

/** Counts one redirect of this kind (kept in local storage: the heartbeat reports the totals). */
export function countRedirect(kind: keyof RedirectCounts): Promise<void> {
  const turn = queue.then(async () => {
    const counts = await readRedirectCounts();
    await ext.storage.local.set({ [COUNTS_KEY]: { ...counts, [kind]: counts[kind] + 1 } });
  });
  queue = turn.catch(() => undefined);
  return turn;
}
