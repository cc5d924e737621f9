import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturingLogger, ScriptedAccounts, webTestConfig } from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';

const TOKEN = 'c'.repeat(20) + 'd'.repeat(20);
const RELEASE = {
  extensionId: 'a'.repeat(32),
  version: '1.2.3',
  crxSha256: 'f'.repeat(64),
  geckoId: null,
  firefoxVersion: null,
  packedAt: '2026-01-01T00:00:00.000Z',
};

describe('extensionRoutes() before and around a pack', () => {
  let artefactsDir: string;

  beforeEach(async () => {
    artefactsDir = await mkdtemp(join(tmpdir(), 'passgate-ext-routes-'));
  });
  afterEach(async () => {
    await rm(artefactsDir, { recursive: true, force: true });
  });

  function appFor() {
    const { logger, lines } = capturingLogger();
    const config = webTestConfig({
      extension: { artefactsDir, adminToken: TOKEN, managed: {}, disableIncognito: false },
    });
    return { app: createApp({ config, accounts: new ScriptedAccounts(), logger }), lines };
  }

  it('answers "not packed yet" without naming the server’s folders', async () => {
    const { app } = appFor();
    for (const path of ['/extension/updates.xml', '/extension/updates.json', '/extension/passgate.crx']) {
      const response = await app.request(path);
      expect(response.status).toBe(404);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ code: 'NOT_PACKED' });
      expect(text).not.toContain(artefactsDir);
      expect(text).not.toContain(tmpdir());
    }
  });

  it('serves the manifest once release.json is there', async () => {
    await writeFile(join(artefactsDir, 'release.json'), JSON.stringify(RELEASE));
    const response = await appFor().app.request('/extension/updates.xml');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`appid='${RELEASE.extensionId}'`);
  });

  it.each([
    ['truncated', JSON.stringify(RELEASE).slice(0, 40)],
    ['not a release record', JSON.stringify({ ...RELEASE, extensionId: 'nope' })],
    ['empty', ''],
  ])('answers a %s release.json with 503 RELEASE_DAMAGED, logged for the admin', async (_kind, text) => {
    await writeFile(join(artefactsDir, 'release.json'), text);
    const { app, lines } = appFor();
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
    for (const [path, init] of [
      ['/extension/updates.xml', {}],
      ['/extension/updates.json', {}],
      ['/admin/extension/policy?browser=chrome&platform=linux', auth],
    ] as const) {
      const response = await app.request(path, init);
      expect(response.status).toBe(503);
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ code: 'RELEASE_DAMAGED' });
      expect(body).not.toContain(artefactsDir);
    }
    const logged = lines.filter((line) => line.includes('RELEASE_DAMAGED'));
    expect(logged).toHaveLength(3);
    // The log is for the admin, who needs to know which file to look at.
    expect(logged[0]).toContain(join(artefactsDir, 'release.json'));
  });
});
