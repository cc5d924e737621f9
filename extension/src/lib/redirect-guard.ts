/** Redirects of one tab allowed within the window, and the window. */
export const REDIRECT_LIMIT = 3;
export const REDIRECT_WINDOW_MS = 30_000;

export interface RedirectGuard {
  /** Records a redirect of `tabId` at `now` and says whether it may happen. */
  allow(tabId: number, now: number): boolean;
  /** Forgets a closed tab. */
  forget(tabId: number): void;
}

/**
 * Loop guard: at most `limit` redirects of one tab within `windowMs`. Past that the tab is left
 * alone (a misconfigured portal that sends people back to Microsoft must not trap them).
 */
export function createRedirectGuard(limit = REDIRECT_LIMIT, windowMs = REDIRECT_WINDOW_MS): RedirectGuard {
  const history = new Map<number, number[]>();
  return {
    allow(tabId: number, now: number): boolean {
      const recent = (history.get(tabId) ?? []).filter((at) => now - at < windowMs);
      if (recent.length >= limit) {
        history.set(tabId, recent);
        return false;
      }
      recent.push(now);
      history.set(tabId, recent);
      return true;
    },
    forget(tabId: number): void {
      history.delete(tabId);
    },
  };
}
