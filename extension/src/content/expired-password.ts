import type { ExpiredPasswordAction } from '../lib/expired-password-action.js';
import { expiredPasswordQuery, isExpiredPasswordPage, shownAccount } from '../lib/expired-password-page.js';
import { ext } from '../lib/ext.js';
import { showExpiredPasswordNotice } from './notice.js';

// Runs on every login.microsoftonline.com page but acts only on the expired-password page,
// recognised by its PageID: normal sign-in shares the host and path and must stay untouched.
// The worker decides what to do (it holds the validated settings), so this script stays small
// on a page every sign-in loads.
async function main(): Promise<void> {
  if (!isExpiredPasswordPage(document)) return;
  const query = expiredPasswordQuery(shownAccount(document));
  const action = (await ext.runtime.sendMessage(query)) as ExpiredPasswordAction;
  if (action.type === 'redirect') location.assign(action.portalChangeUrl);
  if (action.type === 'notice') showExpiredPasswordNotice(action);
}

void main();
