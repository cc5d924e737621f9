import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli-in-process.js';
import { startTestPortal, TEST_SECRET_KEY, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';
import { buildExtension } from './support/build-extension.js';
import { canWritePolicy } from './support/can-write-policy.js';
import { chromiumPath } from './support/chromium-path.js';
import { devExtensionId } from './support/dev-extension-id.js';
import { type ExtensionBrowser, launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';
import { createPolicyFile, type PolicyFile } from './support/policy-file.js';

const executablePath = chromiumPath();
const runnable = executablePath !== undefined && canWritePolicy('the coverage test');
const RESET = 'https://passwordreset.microsoftonline.com/?coverage=1';

interface Coverage {
  total: Record<string, number>;
  policyApplied: number;
  byBrowser: { browser: string; browserVersion: string }[];
  redirects: { change: number; reset: number; expired: number; extra: number };
}

// The extension under a real managed policy reports itself to a real portal, and the admin's
// `passgate extension coverage` counts it.
describe.skipIf(!runnable)('heartbeats from the extension in Chromium', () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;
  let portal: TestPortal;
  let policy: PolicyFile | undefined;
  let browser: ExtensionBrowser;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    let extensionId: string;
    [extensionDir, microsoft, portal, extensionId] = await Promise.all([
      buildExtension(),
      startMicrosoftStandIn(),
      startTestPortal({ startWorker: false }),
      devExtensionId(),
    ]);
    dir = await mkdtemp(join(tmpdir(), 'passgate-coverage-e2e-'));
    config = join(dir, 'passgate.yaml');
    await writeFile(config, `publicUrl: ${portal.url}\ndatabase: ${JSON.stringify(portal.databasePath)}\n`);
    policy = await createPolicyFile(extensionId);
    await policy.write({ portalUrl: portal.url, organisationName: 'Contoso' });
    browser = await launchWithExtension({
      executablePath: executablePath ?? '',
      extensionDir,
      hostResolverRules: microsoft.hostResolverRules,
    });
  });
  afterAll(async () => {
    await policy?.remove();
    await browser?.close();
    await Promise.all([microsoft?.close(), portal?.close()]);
    for (const path of [extensionDir, dir])
      if (path !== undefined) await rm(path, { recursive: true, force: true });
  });

  async function coverage(): Promise<Coverage> {
    const run = await cliInProcess(['extension', 'coverage', '--json', '--config', config], {
      PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
    });
    expect(run.code, run.err).toBe(0);
    return JSON.parse(run.out) as Coverage;
  }

  it('reports in as soon as the policy reaches it, as a Chromium install with its policy applied', async () => {
    await waitUntil(async () => (await coverage()).total[1] === 1, 60_000);
    const report = await coverage();
    expect(report.policyApplied).toBe(1);
    expect(report.byBrowser).toEqual([expect.objectContaining({ browser: 'chromium' })]);
    expect(report.byBrowser[0]?.browserVersion).toMatch(/^\d+/);
  });

  it('reports its redirects by kind of page with the next heartbeat (a policy change sends one)', async () => {
    await browser.waitForRules(redirectsTo(portal.url));
    const page = await browser.context.newPage();
    await page.goto(RESET);
    expect(page.url()).toBe(`${portal.url}/reset?from=${RESET}`);
    await page.close();
    await policy?.write({ portalUrl: portal.url, organisationName: 'Contoso Ltd' });
    await waitUntil(async () => (await coverage()).redirects.reset === 1, 60_000);
    const report = await coverage();
    expect(report.total[1]).toBe(1);
    expect(report.redirects).toEqual({ change: 0, reset: 1, expired: 0, extra: 0 });
  });
});
