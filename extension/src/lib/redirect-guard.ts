/** Redirects of one tab allowed within the window, and the window. */
export const REDIRECT_LIMIT = 3;
export const REDIRECT_WINDOW_MS = 30_000;

/** When each tab was last redirected (tab id → epoch ms), as kept in session storage. */
export type RedirectHistory = Record<string, number[]>;

/**
 * Loop guard: records a redirect of `tabId` at `now` unless the tab already had `limit` within
 * `windowMs`; past that the tab is left alone (a misconfigured portal that sends people back to
 * Microsoft must not trap them). Entries older than the window are dropped for every tab, so
 * closed tabs need no listener to be forgotten. Pure: the caller stores the returned history.
 */
export function recordRedirect(
  history: RedirectHistory,
  tabId: number,
  now: number,
  limit = REDIRECT_LIMIT,
  windowMs = REDIRECT_WINDOW_MS,
): { allowed: boolean; history: RedirectHistory } {
  const next: RedirectHistory = {};
  for (const [tab, times] of Object.entries(history)) {
    const recent = times.filter((at) => now - at < windowMs);
    if (recent.length > 0) next[tab] = recent;
  }
  const recent = next[tabId] ?? [];
  if (recent.length >= limit) return { allowed: false, history: next };
  next[tabId] = [...recent, now];
  return { allowed: true, history: next };
}
