import { type ExpiredPasswordAction, expiredPasswordAction } from '../lib/expired-password-action.js';
import { EXPIRED_PASSWORD_QUERY } from '../lib/expired-password-page.js';
import type { Runtime } from '../lib/ext.js';
import { currentSettings, whenReady } from './state.js';

/**
 * Answers the content script on the expired-password page. Trust comes from the sender, not the
 * message: only this extension's own content script, and the page URL as the browser reports it.
 */
export async function answerContentScript(
  message: unknown,
  sender: Runtime.MessageSender,
  ownId: string,
): Promise<ExpiredPasswordAction | undefined> {
  if (sender.id !== ownId || sender.url === undefined || sender.tab === undefined) return undefined;
  if ((message as { type?: unknown } | null)?.type !== EXPIRED_PASSWORD_QUERY.type) return undefined;
  if (new URL(sender.url).hostname !== 'login.microsoftonline.com') return { type: 'none' };
  await whenReady();
  return expiredPasswordAction(sender.url, currentSettings().effective);
}
