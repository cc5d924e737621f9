import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli-in-process.js';
import { startTestPortal, TEST_SECRET_KEY, type TestPortal } from '../support/start-portal.js';

interface Coverage {
  total: Record<string, number>;
  policyApplied: number;
  policyNotApplied: number;
  newestVersion: string | null;
  oldVersions: { version: string; installs: number }[];
  byBrowser: { browser: string; browserVersion: string; seen: Record<string, number> }[];
  redirects: Record<string, number>;
}

function heartbeat(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    installId: randomUUID(),
    extensionVersion: '0.2.0',
    browser: 'chrome',
    browserVersion: '156.0.7500.1',
    platform: 'windows',
    managed: true,
    policyApplied: true,
    redirects: { change: 3, reset: 1, expired: 0, extra: 0 },
    ...overrides,
  };
}

// The extension's heartbeats, over real HTTP into a real portal (SQLite, or PostgreSQL under the
// test-postgres project), and `passgate extension coverage` reading them back.
describe('extension heartbeats and coverage', () => {
  let portal: TestPortal;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    portal = await startTestPortal({ startWorker: false });
    dir = await mkdtemp(join(tmpdir(), 'passgate-coverage-'));
    config = join(dir, 'passgate.yaml');
    await writeFile(config, `publicUrl: ${portal.url}\ndatabase: ${JSON.stringify(portal.databasePath)}\n`);
  });
  afterAll(async () => {
    await portal?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  function send(body: unknown, origin?: string): Promise<Response> {
    return fetch(`${portal.url}/extension/heartbeat`, {
      method: 'POST',
      // What the extension sends: text/plain, which needs no CORS preflight.
      headers: { 'content-type': 'text/plain', ...(origin === undefined ? {} : { origin }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async function coverage(): Promise<Coverage> {
    const run = await cliInProcess(['extension', 'coverage', '--json', '--config', config], {
      PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
    });
    expect(run.code, run.err).toBe(0);
    return JSON.parse(run.out) as Coverage;
  }

  it('counts installs by browser and version, policy applied or not, and those on old versions', async () => {
    const chrome = heartbeat();
    expect((await send(chrome)).status).toBe(204);
    // The same install again: still one install, with its newer counts.
    expect((await send({ ...chrome, redirects: { change: 4, reset: 1, expired: 0, extra: 0 } })).status).toBe(
      204,
    );
    expect(
      (
        await send(
          heartbeat({
            browser: 'firefox',
            browserVersion: '153.8',
            platform: 'linux',
            extensionVersion: '0.1.0',
            policyApplied: false,
            redirects: { change: 0, reset: 2, expired: 1, extra: 0 },
          }),
        )
      ).status,
    ).toBe(204);
    const report = await coverage();
    expect(report.total).toEqual({ 1: 2, 7: 2, 30: 2 });
    expect([report.policyApplied, report.policyNotApplied]).toEqual([1, 1]);
    expect(report.newestVersion).toBe('0.2.0');
    expect(report.oldVersions).toEqual([{ version: '0.1.0', installs: 1 }]);
    expect(report.byBrowser.map((line) => `${line.browser} ${line.browserVersion} ${line.seen[30]}`)).toEqual(
      ['chrome 156.0.7500.1 1', 'firefox 153.8 1'],
    );
    expect(report.redirects).toEqual({ change: 4, reset: 3, expired: 1, extra: 0 });
    const text = await cliInProcess(['extension', 'coverage', '--config', config], {
      PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
    });
    expect(text.out).toContain('installs seen in the last 1 / 7 / 30 days: 2 / 2 / 2');
    expect(text.out).toContain('on older version 0.1.0: 1');
  });

  it.each([
    ['not JSON', 'installId=1', 400, 'HEARTBEAT_INVALID'],
    ['a URL riding along', heartbeat({ url: 'https://mysignins.microsoft.com/x' }), 400, 'HEARTBEAT_INVALID'],
    ['a name in the version', heartbeat({ browserVersion: 'ada@contoso.example' }), 400, 'HEARTBEAT_INVALID'],
    ['a made-up install id', heartbeat({ installId: 'ada@contoso.example' }), 400, 'HEARTBEAT_INVALID'],
    [
      'a negative count',
      heartbeat({ redirects: { change: -1, reset: 0, expired: 0, extra: 0 } }),
      400,
      'HEARTBEAT_INVALID',
    ],
    ['no managed configuration', heartbeat({ managed: false }), 403, 'HEARTBEAT_UNMANAGED'],
    ['an oversized body', heartbeat({ pad: 'x'.repeat(4096) }), 413, 'HEARTBEAT_INVALID'],
  ])('refuses %s with a 4xx and stores nothing', async (_what, body, status, code) => {
    const before = await coverage();
    const response = await send(body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { code: string }).code).toBe(code);
    expect((await coverage()).total).toEqual(before.total);
  });

  // A page any visitor opens could post (no preflight for text/plain) from every visitor's address.
  it('takes heartbeats from the extension’s own origin or none, never from a web page', async () => {
    const before = (await coverage()).total;
    for (const origin of ['https://evil.example', 'http://localhost:8080', 'null']) {
      const refused = await send(heartbeat({ browser: 'safari' }), origin);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('HEARTBEAT_FOREIGN_ORIGIN');
    }
    expect((await coverage()).total).toEqual(before);
    // Counting no redirects, so the totals the next tests read stay theirs.
    const quiet = { redirects: { change: 0, reset: 0, expired: 0, extra: 0 } };
    expect((await send(heartbeat(quiet), 'chrome-extension://abcdefghijklmnop')).status).toBe(204);
    expect((await send(heartbeat(quiet), 'moz-extension://4d3c-9a1b')).status).toBe(204);
  });

  it('rate-limits one install, storing nothing past the limit', async () => {
    const beat = heartbeat({ browser: 'edge', browserVersion: '150.0' });
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      statuses.push(
        (await send({ ...beat, redirects: { change: i, reset: 0, expired: 0, extra: 0 } })).status,
      );
    }
    expect(statuses.slice(0, 12).every((status) => status === 204)).toBe(true);
    expect(statuses[12]).toBe(429);
    // The refused heartbeat's count (12) never arrived: the install still shows the 12th (11).
    const { redirects } = await coverage();
    expect(redirects.change).toBe(4 + 11);
  });
  // Install ids are the sender's own claim: a script inventing new ones gets only so many rows an hour.
  it('takes at most 100 new installs an hour from one address, storing nothing past that', async () => {
    const before = (await coverage()).total;
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await send(heartbeat({ browser: 'firefox' }))).status);
    const accepted = statuses.filter((status) => status === 204).length;
    expect(statuses.at(-1)).toBe(429);
    expect(accepted).toBeLessThanOrEqual(100);
    const after = (await coverage()).total;
    expect(after['1']).toBe((before['1'] ?? 0) + accepted);
  });

  // Heartbeats are claims anyone can make: the version `pack` made is the one installs are judged by.
  it('judges installs against the version last packed, when there is one', async () => {
    const artefacts = join(dir, 'artefacts');
    await mkdir(artefacts, { recursive: true });
    const release = {
      extensionId: 'a'.repeat(32),
      version: '0.3.0',
      crxSha256: '0'.repeat(64),
      geckoId: null,
      firefoxVersion: null,
      packedAt: new Date().toISOString(),
    };
    await writeFile(join(artefacts, 'release.json'), JSON.stringify(release));
    const packedConfig = join(dir, 'packed.yaml');
    await writeFile(
      packedConfig,
      `publicUrl: ${portal.url}\ndatabase: ${JSON.stringify(portal.databasePath)}\nextension:\n  artefactsDir: ${JSON.stringify(artefacts)}\n`,
    );
    const run = await cliInProcess(['extension', 'coverage', '--json', '--config', packedConfig], {
      PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
    });
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out) as Coverage;
    expect(report.newestVersion).toBe('0.3.0');
    expect(report.oldVersions.map((old) => old.version)).toEqual(['0.2.0', '0.1.0']);
  });
});
