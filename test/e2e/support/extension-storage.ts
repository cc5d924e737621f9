import type { Worker } from 'playwright-core';

/** Sets the user's options as the options page would (storage.sync, key `options`). */
export async function setUserOptions(worker: Worker, options: Record<string, unknown>): Promise<void> {
  await worker.evaluate(
    (value) =>
      (
        globalThis as unknown as { chrome: { storage: { sync: { set(v: object): Promise<void> } } } }
      ).chrome.storage.sync.set({
        options: value,
      }),
    options,
  );
}

/** The toolbar badge text the extension shows (empty when active). */
export async function badgeText(worker: Worker): Promise<string> {
  return worker.evaluate('chrome.action.getBadgeText({})') as Promise<string>;
}

/** The extension's session DNR rules: the per-tab exceptions (a paused tab, a one-time pass). */
export async function sessionRules(worker: Worker): Promise<unknown[]> {
  return worker.evaluate('chrome.declarativeNetRequest.getSessionRules()') as Promise<unknown[]>;
}
