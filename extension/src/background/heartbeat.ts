import { ext } from '../lib/ext.js';
import {
  type BrowserName,
  browserFromBrands,
  heartbeatPayload,
  plainVersion,
  platformName,
} from '../lib/heartbeat-payload.js';
import { portalBase, type ResolvedSettings } from '../lib/resolve-settings.js';
import { readRedirectCounts } from './redirect-counts.js';

/** The daily heartbeat; its listener is registered at the worker's top level. */
export const HEARTBEAT_ALARM = 'passgate-heartbeat';
const DAY_MINUTES = 24 * 60;
const INSTALL_ID_KEY = 'installId';
const LAST_POLICY_KEY = 'heartbeatPolicy';

/** A random id for this install, made once: it names no person or device. */
async function installId(): Promise<string> {
  const stored = await ext.storage.local.get(INSTALL_ID_KEY);
  const existing = stored[INSTALL_ID_KEY];
  if (typeof existing === 'string') return existing;
  const id = crypto.randomUUID();
  await ext.storage.local.set({ [INSTALL_ID_KEY]: id });
  return id;
}

async function browserFacts(): Promise<{ browser: BrowserName; browserVersion: string }> {
  const firefox = (ext.runtime as { getBrowserInfo?: () => Promise<{ name: string; version: string }> })
    .getBrowserInfo;
  if (firefox !== undefined) {
    const info = await firefox();
    return {
      browser: info.name === 'Firefox' ? 'firefox' : 'other',
      browserVersion: plainVersion(info.version),
    };
  }
  const agent = (navigator as { userAgentData?: { brands: { brand: string; version: string }[] } })
    .userAgentData;
  return browserFromBrands(agent?.brands ?? []);
}

/**
 * Tells the portal this install runs: what version, in which browser and platform, whether the
 * policy reached it whole, and its redirect counts. Sent as text/plain without credentials, a
 * request the browser makes without a CORS preflight; the answer is not needed (a refusal or a
 * portal that is down only means the portal hears from this install at the next heartbeat).
 */
export async function sendHeartbeat(settings: ResolvedSettings): Promise<void> {
  const facts = {
    installId: await installId(),
    extensionVersion: ext.runtime.getManifest().version,
    ...(await browserFacts()),
    platform: platformName((await ext.runtime.getPlatformInfo()).os),
    redirects: await readRedirectCounts(),
  };
  const payload = heartbeatPayload(settings, facts);
  if (payload === undefined || settings.effective.portalUrl === undefined) return;
  await fetch(`${portalBase(settings.effective.portalUrl)}/extension/heartbeat`, {
    method: 'POST',
    mode: 'no-cors',
    credentials: 'omit',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify(payload),
  }).catch((error: unknown) => console.warn('Passgate: heartbeat not delivered', error));
}

/**
 * After each apply: a heartbeat when the policy changed since the last one (or there was none
 * yet), and the daily alarm kept while the install is managed.
 */
export async function heartbeatOnApply(settings: ResolvedSettings): Promise<void> {
  if (!settings.managed) {
    await ext.alarms.clear(HEARTBEAT_ALARM);
    return;
  }
  if ((await ext.alarms.get(HEARTBEAT_ALARM)) === undefined) {
    await ext.alarms.create(HEARTBEAT_ALARM, { periodInMinutes: DAY_MINUTES, delayInMinutes: DAY_MINUTES });
  }
  const policy = JSON.stringify([settings.effective, settings.invalid]);
  const stored = await ext.storage.local.get(LAST_POLICY_KEY);
  if (stored[LAST_POLICY_KEY] === policy) return;
  await sendHeartbeat(settings);
  await ext.storage.local.set({ [LAST_POLICY_KEY]: policy });
}
