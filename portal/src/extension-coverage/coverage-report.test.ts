import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/open-store.js';
import { recordHeartbeat } from '../store/port/record-heartbeat.js';
import { coverageReport } from './coverage-report.js';

const NOW = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

function beat(extensionVersion: string, browserVersion = '156.0', browser = 'chrome') {
  return {
    installId: randomUUID(),
    extensionVersion,
    browser,
    browserVersion,
    platform: 'windows',
    policyApplied: true,
    redirects: { change: 0, reset: 0, expired: 0, extra: 0 },
  };
}

describe('coverageReport()', () => {
  // A heartbeat is its sender's claim: anyone can post one naming a version never made.
  it('judges versions against the one last packed, not the highest a heartbeat claims', async () => {
    for (let i = 0; i < 5; i += 1) await recordHeartbeat(store.db, beat('0.2.0'), NOW);
    await recordHeartbeat(store.db, beat('0.1.0'), NOW);
    await recordHeartbeat(store.db, beat('99999.0'), NOW);
    const packed = await coverageReport(store.db, NOW, { version: '0.2.0', firefoxVersion: null });
    expect(packed.newestVersion).toBe('0.2.0');
    expect(packed.oldVersions).toEqual([{ version: '0.1.0', installs: 1 }]);
    // Before any pack, the highest reported stands in.
    expect((await coverageReport(store.db, NOW)).newestVersion).toBe('99999.0');
  });

  // Firefox updates from updates.json, which offers the Firefox build pack made, not the CRX.
  it('judges Firefox installs against the Firefox version packed, Chrome and Edge against the CRX', async () => {
    await recordHeartbeat(store.db, beat('0.3.0', '156.0', 'chrome'), NOW);
    await recordHeartbeat(store.db, beat('0.2.0', '156.0', 'edge'), NOW);
    for (let i = 0; i < 2; i += 1) await recordHeartbeat(store.db, beat('0.2.0', '153.8', 'firefox'), NOW);
    await recordHeartbeat(store.db, beat('0.1.0', '153.8', 'firefox'), NOW);
    const report = await coverageReport(store.db, NOW, { version: '0.3.0', firefoxVersion: '0.2.0' });
    expect([report.newestVersion, report.newestFirefoxVersion]).toEqual(['0.3.0', '0.2.0']);
    // The Edge install on 0.2.0 is behind; the Firefox ones on 0.2.0 are not.
    expect(report.oldVersions).toEqual([
      { version: '0.2.0', installs: 1 },
      { version: '0.1.0', installs: 1 },
    ]);
    // A pack without a Firefox build: Firefox is judged against the CRX's version.
    const noFirefox = await coverageReport(store.db, NOW, { version: '0.3.0', firefoxVersion: null });
    expect(noFirefox.newestFirefoxVersion).toBe('0.3.0');
    expect(noFirefox.oldVersions).toEqual([
      { version: '0.2.0', installs: 3 },
      { version: '0.1.0', installs: 1 },
    ]);
  });

  it('counts each browser version in its windows, however many there are', async () => {
    await recordHeartbeat(store.db, beat('0.2.0', '156.0'), NOW - 2 * HOUR);
    await recordHeartbeat(store.db, beat('0.2.0', '156.0'), NOW - 3 * 24 * HOUR);
    await recordHeartbeat(store.db, beat('0.2.0', '155.0'), NOW - 20 * 24 * HOUR);
    const report = await coverageReport(store.db, NOW, null);
    expect(report.total).toEqual({ 1: 1, 7: 2, 30: 3 });
    expect(report.byBrowser).toEqual([
      { browser: 'chrome', browserVersion: '156.0', seen: { 1: 1, 7: 2, 30: 2 } },
      { browser: 'chrome', browserVersion: '155.0', seen: { 1: 0, 7: 0, 30: 1 } },
    ]);
  });
});
