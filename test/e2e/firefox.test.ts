import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionCommand } from '@passgate/portal/extension-kit';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';
import { buildExtension } from './support/build-extension.js';
import { canWritePolicy } from './support/can-write-policy.js';
import { writeFirefoxPoliciesFile } from './support/firefox-policy.js';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const present = existsSync(FIREFOX);
if (!present && process.env.CI)
  throw new Error(`Firefox not found at ${FIREFOX} (apt-get install firefox-esr)`);
if (!present)
  console.warn('Skipping the Firefox test: Firefox ESR not found. Install it: apt-get install firefox-esr');

async function kit(argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  const io = { env: {}, out: (line: string) => void lines.push(line), err: () => {}, stdin: process.stdin };
  const code = await runExtensionCommand(argv, io);
  if (code !== 0) throw new Error(`passgate extension ${argv.join(' ')} exited ${code}`);
  return lines;
}

// What an admin ships to Firefox: the build packed under the organisation's own add-on id, and
// the policies.json the kit generates for it. Firefox ESR installs the packed files over
// WebDriver BiDi (release Firefox would want Mozilla's signature on the XPI), reads the
// extension's settings from that policies.json (3rdparty.Extensions → storage.managed) and
// redirects with its DNR rules.
describe.skipIf(!present || !canWritePolicy('the Firefox test'))(
  'the packed Firefox build in Firefox ESR',
  () => {
    let work: string;
    let portal: TestPortal;
    let policies: { policies: Record<string, Record<string, unknown>> };
    let geckoId: string;
    let installedId: string;
    let removePolicy: (() => Promise<void>) | undefined;
    let browser: Browser | undefined;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'passgate-firefox-'));
      let chromeBuild: string;
      let firefoxBuild: string;
      [chromeBuild, firefoxBuild, portal] = await Promise.all([
        buildExtension('chrome'),
        buildExtension('firefox'),
        startTestPortal({ startWorker: false }),
      ]);
      await mkdir(join(work, 'build'));
      await symlink(chromeBuild, join(work, 'build', 'chrome'));
      await symlink(firefoxBuild, join(work, 'build', 'firefox'));
      const artefacts = join(work, 'artefacts');
      await kit(['keygen', '--out', join(work, 'org.pem')]);
      const packed = await kit([
        'pack',
        '--key',
        join(work, 'org.pem'),
        '--build-dir',
        join(work, 'build'),
        '--out-dir',
        artefacts,
        '--public-url',
        portal.url,
      ]);
      geckoId = /firefox add-on id: (\S+)/.exec(packed.join('\n'))?.[1] ?? '';
      const policyText = (
        await kit([
          'policy',
          '--browser',
          'firefox',
          '--platform',
          'linux',
          '--artefacts-dir',
          artefacts,
          '--public-url',
          portal.url,
        ])
      ).join('\n');
      policies = JSON.parse(policyText);
      removePolicy = await writeFirefoxPoliciesFile(FIREFOX, policyText);
      browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath: FIREFOX,
        headless: true,
        userDataDir: join(work, 'profile'),
      });
      installedId = await browser.installExtension(join(artefacts, 'firefox-source'));
      for (const dir of [chromeBuild, firefoxBuild]) await rm(dir, { recursive: true, force: true });
    }, 180_000);
    afterAll(async () => {
      await removePolicy?.();
      await browser?.close();
      await portal?.close();
      if (work !== undefined) await rm(work, { recursive: true, force: true });
    });

    it("runs under the organisation's own add-on id, which the generated policies.json names", async () => {
      expect(geckoId).toBe('passgate@127.0.0.1');
      expect(installedId).toBe(geckoId);
      const manifest = JSON.parse(
        await readFile(join(work, 'artefacts', 'firefox-source', 'manifest.json'), 'utf8'),
      );
      expect(manifest.browser_specific_settings.gecko.id).toBe(geckoId);
      expect(Object.keys(policies.policies.ExtensionSettings ?? {})).toEqual([geckoId]);
      expect(policies.policies.ExtensionSettings?.[geckoId]).toMatchObject({ private_browsing: true });
      expect(Object.keys((policies.policies['3rdparty'] as { Extensions: object }).Extensions)).toEqual([
        geckoId,
      ]);
    });

    it('redirects the self-service reset page to the portal named by that policy', async () => {
      if (browser === undefined) throw new Error('Firefox did not start');
      const page = await browser.newPage();
      // DNR redirects before any DNS lookup, so the real host name works offline.
      const url = 'https://passwordreset.microsoftonline.com/?mkt=en-GB';
      const deadline = Date.now() + 30_000;
      // The rules are installed asynchronously after the add-on starts: retry until they are.
      for (;;) {
        await page.goto(url).catch(() => undefined);
        if (page.url().startsWith(portal.url) || Date.now() > deadline) break;
        await page.goto('about:blank');
      }
      expect(page.url()).toBe(`${portal.url}/reset?from=${url}`);
      // The address changes as the redirect starts; on a busy machine the page itself may still be loading.
      // Polled with evaluate, not waitForFunction: Firefox (140.12 ESR on) applies the page's CSP to the
      // Function() that puppeteer's wait builds inside the page, and the portal's CSP forbids it. An
      // evaluation during the navigation fails with its realm, and counts as "not yet".
      await waitUntil(
        () => page.evaluate(() => document.querySelector('.came-from__url') !== null).catch(() => false),
        30_000,
      );
      // The real portal's reset page loaded and shows where the user came from, as text.
      // Read as plain strings in one evaluation: Firefox's BiDi refuses to hand element handles
      // from a content page back through puppeteer's $eval ("cross-origin object … XrayWrapper").
      const shown = await page.evaluate(() => [
        document.querySelector('h1')?.textContent ?? null,
        document.querySelector('.came-from__url')?.textContent ?? null,
      ]);
      expect(shown).toEqual(['Reset your password', `Full address: ${url}`]);
    });
  },
);
