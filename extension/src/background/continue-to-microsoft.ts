import { continueTarget } from '../lib/continue-request.js';
import type { NavigationDetails } from '../lib/ext.js';
import { currentSettings, whenReady } from './state.js';
import { continueOnce } from './tab-exceptions.js';

/**
 * The portal's "Not a … account? Continue to Microsoft" page has opened in a tab: let that one
 * tab through to the Microsoft page it came from, once. The portal never redirects there itself
 * (it never follows `from`); the extension, which knows the page is one it would redirect, does.
 */
export async function continueToMicrosoft(
  details: Pick<NavigationDetails, 'tabId' | 'frameId' | 'url'>,
): Promise<void> {
  if (details.frameId !== 0) return;
  await whenReady();
  const target = continueTarget(details.url, currentSettings().effective);
  if (target !== undefined) await continueOnce(details.tabId, target);
}
