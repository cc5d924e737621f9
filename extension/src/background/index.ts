import { ext } from '../lib/ext.js';
import { quietNavigationFilter } from '../lib/navigation-filters.js';
import { idleReason } from '../lib/resolve-settings.js';
import { answerContentScript, isExpiredPasswordQuery } from './answer-content-script.js';
import { continueToMicrosoft } from './continue-to-microsoft.js';
import { keepListeningForExtraPages, listenForExtraPages } from './extra-pages-listener.js';
import { HEARTBEAT_ALARM, heartbeatOnApply, sendHeartbeat } from './heartbeat.js';
import { noteRuleRedirect, redirectMissedNavigation } from './navigation-fallback.js';
import { countRedirect } from './redirect-counts.js';
import { currentSettings, onApplied, reapply, whenReady } from './state.js';
import { allowGuestSubmit, EXPIRY_ALARM, endDueExceptions } from './tab-exceptions.js';

// Every listener is registered synchronously at the top level: an MV3 worker woken by an event
// only receives it if the listener exists before the first await. Work waits on `whenReady()`.
// Navigation listeners are filtered to the hosts that matter, so other sites never wake the
// worker; nothing listens to tab closing (the loop guard forgets by time, in session storage).
const quiet = quietNavigationFilter();

ext.runtime.onInstalled.addListener(() => void reapply('installed'));
ext.runtime.onStartup.addListener(() => void reapply('startup'));
ext.storage.onChanged.addListener((_changes, area) => {
  if (area === 'managed' || area === 'sync') void reapply(`${area} storage changed`);
});
ext.webNavigation.onHistoryStateUpdated.addListener(
  (details) => void redirectMissedNavigation(details),
  quiet,
);
ext.webNavigation.onCommitted.addListener((details) => {
  void redirectMissedNavigation(details);
  void noteRuleRedirect(details);
  void continueToMicrosoft(details);
}, quiet);
listenForExtraPages();
onApplied(({ effective }) =>
  keepListeningForExtraPages(idleReason(effective) === undefined && effective.extraUrlPatterns.length > 0),
);
onApplied((settings) => void heartbeatOnApply(settings));
ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === EXPIRY_ALARM) void whenReady().then(endDueExceptions);
  if (alarm.name === HEARTBEAT_ALARM) void whenReady().then(() => sendHeartbeat(currentSettings()));
});
// Answers through sendResponse, keeping the channel open (`return true`) only for messages this
// listener answers: the way Chrome and Firefox both support.
ext.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if (!isExpiredPasswordQuery(message, sender, ext.runtime.id)) return false;
  void whenReady().then(async () => {
    const action = answerContentScript(message, sender, ext.runtime.id, currentSettings().effective);
    // Another tenant's account: its change goes to Microsoft, so lift the submit block in that tab.
    if (action?.type === 'notice' || action?.type === 'redirect') await countRedirect('expired');
    if (action?.type === 'guest' && sender.tab?.id !== undefined && sender.url !== undefined) {
      await allowGuestSubmit(sender.tab.id, new URL(sender.url).hostname).catch((error: unknown) =>
        console.error('Passgate: could not let a guest account post its change', error),
      );
    }
    sendResponse(action);
  });
  return true;
});

void reapply('worker start');
