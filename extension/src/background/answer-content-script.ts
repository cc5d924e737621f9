import { type EffectiveSettings, isSignInHost } from '@passgate/core/m365';
import { type ExpiredPasswordAction, expiredPasswordAction } from '../lib/expired-password-action.js';
import { EXPIRED_PASSWORD_QUERY } from '../lib/expired-password-page.js';

/** What the worker knows about a message's sender (the browser fills it in, not the page). */
export interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
}

/**
 * Answers the content script on the expired-password page. Trust comes from the sender, not the
 * message: only this extension's own content script in a tab, and the page URL as the browser
 * reports it. Anything else gets undefined ("not mine").
 */
export function answerContentScript(
  message: unknown,
  sender: Sender,
  ownId: string,
  settings: EffectiveSettings,
): ExpiredPasswordAction | undefined {
  if (sender.id !== ownId || sender.url === undefined || sender.tab === undefined) return undefined;
  if ((message as { type?: unknown } | null)?.type !== EXPIRED_PASSWORD_QUERY.type) return undefined;
  if (!isSignInHost(new URL(sender.url).hostname, settings.clouds)) return { type: 'none' };
  return expiredPasswordAction(sender.url, settings);
}
