import { ext, type Runtime } from '../lib/ext.js';
import { answerContentScript } from './answer-content-script.js';
import { forgetTab, noteRuleRedirect, redirectMissedNavigation } from './navigation-fallback.js';
import { currentSettings, reapply, whenReady } from './state.js';

// Every listener is registered synchronously at the top level: an MV3 worker woken by an event
// only receives it if the listener exists before the first await. Work waits on `whenReady()`.
const webPages = { url: [{ schemes: ['https', 'http'] }] };

ext.runtime.onInstalled.addListener(() => void reapply('installed'));
ext.runtime.onStartup.addListener(() => void reapply('startup'));
ext.storage.onChanged.addListener((_changes, area) => {
  if (area === 'managed' || area === 'sync') void reapply(`${area} storage changed`);
});
ext.webNavigation.onHistoryStateUpdated.addListener(
  (details) => void redirectMissedNavigation(details),
  webPages,
);
ext.webNavigation.onCommitted.addListener((details) => {
  void redirectMissedNavigation(details);
  void noteRuleRedirect(details);
}, webPages);
ext.tabs.onRemoved.addListener((tabId) => forgetTab(tabId));
// The polyfill sends back whatever the returned promise resolves to; undefined means "not mine".
ext.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  whenReady().then(() => answerContentScript(message, sender, ext.runtime.id, currentSettings().effective)),
);

void reapply('worker start');
