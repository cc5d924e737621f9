import { ext } from '../lib/ext.js';
import { quietNavigationFilter } from '../lib/navigation-filters.js';
import { idleReason } from '../lib/resolve-settings.js';
import { answerContentScript, isExpiredPasswordQuery } from './answer-content-script.js';
import { keepListeningForExtraPages, listenForExtraPages } from './extra-pages-listener.js';
import { noteRuleRedirect, redirectMissedNavigation } from './navigation-fallback.js';
import { currentSettings, onApplied, reapply, whenReady } from './state.js';
import { RESUME_ALARM, resumeDueTabs } from './tab-pause.js';

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
}, quiet);
listenForExtraPages();
onApplied(({ effective }) =>
  keepListeningForExtraPages(idleReason(effective) === undefined && effective.extraUrlPatterns.length > 0),
);
ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === RESUME_ALARM) void whenReady().then(resumeDueTabs);
});
// Answers through sendResponse, keeping the channel open (`return true`) only for messages this
// listener answers: the way Chrome and Firefox both support.
ext.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if (!isExpiredPasswordQuery(message, sender, ext.runtime.id)) return false;
  void whenReady().then(() =>
    sendResponse(answerContentScript(message, sender, ext.runtime.id, currentSettings().effective)),
  );
  return true;
});

void reapply('worker start');
