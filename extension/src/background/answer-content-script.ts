import { type EffectiveSettings, isSignInHost } from '@passgate/core/m365';
import { type ExpiredPasswordAction, expiredPasswordAction } from '../lib/expired-password-action.js';
import { EXPIRED_PASSWORD_QUERY_TYPE } from '../lib/expired-password-page.js';

/** What the worker knows about a message's sender (the browser fills it in, not the page). */
export interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
}

/**
 * True for the question this extension's own content script asks in a tab. Trust comes from the
 * sender, which the browser fills in, not from the message.
 */
export function isExpiredPasswordQuery(message: unknown, sender: Sender, ownId: string): boolean {
  if (sender.id !== ownId || sender.url === undefined || sender.tab === undefined) return false;
  return (message as { type?: unknown } | null)?.type === EXPIRED_PASSWORD_QUERY_TYPE;
}

/**
 * Answers the content script on the expired-password page, for the page URL as the browser
 * reports it. Anything but that script's question gets undefined ("not mine").
 */
export function answerContentScript(
  message: unknown,
  sender: Sender,
  ownId: string,
  settings: EffectiveSettings,
): ExpiredPasswordAction | undefined {
  if (!isExpiredPasswordQuery(message, sender, ownId) || sender.url === undefined) return undefined;
  if (!isSignInHost(new URL(sender.url).hostname, settings.clouds)) return { type: 'none' };
  // The account name comes from the page: it only ever decides to leave the page alone.
  const account = (message as { account?: unknown }).account;
  return expiredPasswordAction(
    sender.url,
    settings,
    typeof account === 'string' && account.length <= 256 ? account : undefined,
  );
}
