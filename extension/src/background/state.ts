import { ext } from '../lib/ext.js';
import { buildRedirectRules } from '../lib/redirect-rules.js';
import { idleReason, type ResolvedSettings, resolveSettings } from '../lib/resolve-settings.js';
import { sameRules } from '../lib/same-rules.js';
import { loadSettings } from '../lib/settings-store.js';
import { endDueExceptions } from './tab-exceptions.js';

let current: ResolvedSettings = resolveSettings({}, {});
let ready: Promise<void> = Promise.resolve();
const appliedListeners: ((settings: ResolvedSettings) => void)[] = [];

/** Runs `listener` after each apply, with the settings now in force. */
export function onApplied(listener: (settings: ResolvedSettings) => void): void {
  appliedListeners.push(listener);
}

/** Settings as last applied. Read only after `whenReady()`. */
export function currentSettings(): ResolvedSettings {
  return current;
}

/** Resolves once the latest settings are loaded and their rules installed. */
export function whenReady(): Promise<void> {
  return ready;
}

/**
 * Re-reads settings and re-installs the rules. Calls are chained, so a burst of changes applies
 * in order and `whenReady()` always waits for the latest.
 */
export function reapply(reason: string): Promise<void> {
  ready = ready
    .then(() => apply(reason))
    .catch((error: unknown) => console.error('Passgate: apply failed', error));
  return ready;
}

async function apply(reason: string): Promise<void> {
  const resolved = await loadSettings();
  for (const entry of resolved.invalid) {
    console.warn(`Passgate: ignoring invalid ${entry.source} setting "${entry.key}": ${entry.message}`);
  }
  const rules = buildRedirectRules(resolved.effective);
  const existing = await ext.declarativeNetRequest.getDynamicRules();
  // Dynamic rules live on disk: rewrite them only when they differ (most starts change nothing).
  const unchanged = sameRules(existing, rules);
  if (!unchanged) {
    await ext.declarativeNetRequest.updateDynamicRules({
      removeRuleIds: existing.map((rule) => rule.id),
      addRules: rules as Parameters<typeof ext.declarativeNetRequest.updateDynamicRules>[0]['addRules'],
    });
  }
  current = resolved;
  for (const listener of appliedListeners) listener(resolved);
  await endDueExceptions();
  await showIdleState(idleReason(resolved.effective));
  console.info(`Passgate: ${rules.length} rules ${unchanged ? 'unchanged' : 'installed'} (${reason})`);
}

async function showIdleState(reason: 'no-portal' | 'disabled' | undefined): Promise<void> {
  const title =
    reason === 'no-portal'
      ? 'Passgate: idle, no portal configured'
      : reason === 'disabled'
        ? 'Passgate: switched off'
        : 'Passgate: active';
  await ext.action.setBadgeText({ text: reason === undefined ? '' : 'off' });
  await ext.action.setBadgeBackgroundColor({ color: '#8a1c1c' });
  await ext.action.setTitle({ title });
}
