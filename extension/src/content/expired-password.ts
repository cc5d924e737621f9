import { expiredPasswordAction, isExpiredPasswordPage } from '../lib/expired-password-action.js';
import { loadSettings } from '../lib/settings-store.js';
import { showExpiredPasswordNotice } from './notice.js';

// Runs on every login.microsoftonline.com page but acts only on the expired-password page,
// recognised by its PageID: normal sign-in shares the host and path and must stay untouched.
async function main(): Promise<void> {
  if (!isExpiredPasswordPage(document)) return;
  const { effective } = await loadSettings();
  const action = expiredPasswordAction(location.href, effective);
  if (action.type === 'redirect') location.assign(action.portalChangeUrl);
  if (action.type === 'notice') showExpiredPasswordNotice(action);
}

void main();
