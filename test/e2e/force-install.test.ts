import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionCommand } from '@passgate/portal/extension-kit';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { POLICY_DIR } from './support/policy-file.js';

const executablePath = chromiumPath();
const CHANGE = 'https://mysignins.microsoft.com/security-info/password/change';

function cliIo(lines: string[]): Parameters<typeof runExtensionCommand>[1] {
  return {
    env: {},
    out: (line) => void lines.push(line),
    err: (line) => void lines.push(line),
    stdin: process.stdin,
  };
}

async function run(argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  const code = await runExtensionCommand(argv, cliIo(lines));
  if (code !== 0) throw new Error(`passgate extension ${argv.join(' ')} exited ${code}: ${lines.join('\n')}`);
  return lines;
}

// What an admin does on Linux, for real: their own key, a signed CRX hosted by the portal, the
// generated policy file in Chromium's machine-wide folder, and a browser started with no
// extension flags that installs the extension by itself and obeys the managed values.
describe.skipIf(executablePath === undefined)('force-installing the packed extension by Linux policy', () => {
  let work: string;
  let portal: TestPortal;
  let url: string;
  let extensionId: string;
  let policyPath: string | undefined;
  let context: BrowserContext;
  /** The extension's own page: a steadier place to call its APIs than a service worker Chrome may stop. */
  let extensionPage: Page;
  let generated: Record<string, unknown>;
  let builtVersion: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'passgate-force-install-'));
    const artefactsDir = join(work, 'artefacts');
    // The real portal, serving the artefacts directory from its config; it reads the directory on
    // each request, so packing after it started is what an admin does too.
    portal = await startTestPortal({ startWorker: false, config: { extension: { artefactsDir } } });
    url = portal.url;
    // The admin's build: extension/dist has chrome/ (and firefox/); a fresh build stands in for it.
    const chromeBuild = await buildExtension('chrome');
    await mkdir(join(work, 'build'));
    await symlink(chromeBuild, join(work, 'build', 'chrome'));
    builtVersion = JSON.parse(await readFile(join(chromeBuild, 'manifest.json'), 'utf8')).version;

    const keygen = await run(['keygen', '--out', join(work, 'keys', 'org.pem')]);
    extensionId = /extension id: ([a-p]{32})/.exec(keygen.join('\n'))?.[1] ?? '';
    await run([
      'pack',
      '--key',
      join(work, 'keys', 'org.pem'),
      '--build-dir',
      join(work, 'build'),
      '--out-dir',
      artefactsDir,
      '--public-url',
      url,
    ]);
    await run([
      'policy',
      '--browser',
      'chromium',
      '--platform',
      'linux',
      '--artefacts-dir',
      artefactsDir,
      '--public-url',
      url,
      '--set',
      'organisationName=Contoso',
      '--out',
      join(work, 'passgate.json'),
    ]);
    await rm(chromeBuild, { recursive: true, force: true });

    // The test, not the generator, adds DeveloperToolsAvailability: without it automation cannot
    // see a force-installed extension.
    generated = JSON.parse(await readFile(join(work, 'passgate.json'), 'utf8')) as Record<string, unknown>;
    await mkdir(POLICY_DIR, { recursive: true });
    policyPath = join(POLICY_DIR, `passgate-force-install-${process.pid}-${randomUUID()}.json`);
    await writeFile(policyPath, JSON.stringify({ ...generated, DeveloperToolsAvailability: 1 }));

    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: executablePath ?? '',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
      // Both Playwright defaults stop policy installs (reference: browser-testing.md).
      ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
    });
    const ours = (candidate: Worker): boolean =>
      candidate.url().startsWith(`chrome-extension://${extensionId}/`);
    // The force-installed extension is running once its service worker is.
    if (context.serviceWorkers().find(ours) === undefined)
      await context.waitForEvent('serviceworker', { predicate: ours, timeout: 90_000 });
    extensionPage = await context.newPage();
    await extensionPage.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
  });

  afterAll(async () => {
    if (policyPath !== undefined) await rm(policyPath, { force: true });
    await context?.close();
    await portal?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('generates a Linux policy that force-installs from the portal and carries the managed values', () => {
    expect(generated.ExtensionInstallForcelist).toEqual([`${extensionId};${url}/extension/updates.xml`]);
    expect(generated['3rdparty']).toEqual({
      extensions: { [extensionId]: { portalUrl: url, organisationName: 'Contoso' } },
    });
    expect(generated.DeveloperToolsAvailability).toBeUndefined();
  });

  it('installs the CRX the portal serves, as an admin-installed extension under the organisation key id', async () => {
    const self = (await extensionPage.evaluate('chrome.management.getSelf()')) as {
      id: string;
      installType: string;
      version: string;
    };
    expect(self).toMatchObject({ id: extensionId, installType: 'admin', version: builtVersion });
    // Chromium fetched both from the portal: its request log holds one line per request (path only).
    const paths = portal.logs.map((line) => (JSON.parse(line) as { path?: string }).path);
    expect(paths).toContain('/extension/updates.xml');
    expect(paths).toContain('/extension/passgate.crx');
  });

  it('receives the managed values from the generated policy', async () => {
    await expect
      .poll(() => extensionPage.evaluate('chrome.storage.managed.get()'), { timeout: 30_000 })
      .toEqual({ portalUrl: url, organisationName: 'Contoso' });
  });

  it('sends the Microsoft password change page to the portal', async () => {
    await expect
      .poll(
        async () =>
          JSON.stringify(await extensionPage.evaluate('chrome.declarativeNetRequest.getDynamicRules()')),
        { timeout: 30_000 },
      )
      .toContain(`${url}/change`);
    const page = await context.newPage();
    const response = await page.goto(CHANGE);
    expect(page.url()).toBe(`${url}/change?from=${CHANGE}`);
    expect(response?.status()).toBe(200);
    await page.close();
  });
});
