import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { buildExtension } from './support/build-extension.js';
import { canWritePolicy } from './support/can-write-policy.js';
import { writeFirefoxPolicy } from './support/firefox-policy.js';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const GECKO_ID = 'extension@passgate.dev';
const present = existsSync(FIREFOX);
if (!present && process.env.CI)
  throw new Error(`Firefox not found at ${FIREFOX} (apt-get install firefox-esr)`);
if (!present)
  console.warn('Skipping the Firefox test: Firefox ESR not found. Install it: apt-get install firefox-esr');

// The Firefox build under Firefox ESR: installed over WebDriver BiDi, configured by a real
// enterprise policy (3rdparty.Extensions → storage.managed), redirecting with its DNR rules.
describe.skipIf(!present || !canWritePolicy('the Firefox test'))('the Firefox build in Firefox ESR', () => {
  let extensionDir: string;
  let profileDir: string;
  let portal: TestPortal;
  let removePolicy: (() => Promise<void>) | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [extensionDir, portal, profileDir] = await Promise.all([
      buildExtension('firefox'),
      startTestPortal({ startWorker: false }),
      mkdtemp(join(tmpdir(), 'passgate-firefox-profile-')),
    ]);
    removePolicy = await writeFirefoxPolicy(FIREFOX, GECKO_ID, { portalUrl: portal.url });
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profileDir,
    });
    await browser.installExtension(extensionDir);
  }, 120_000);
  afterAll(async () => {
    await removePolicy?.();
    await browser?.close();
    await portal?.close();
    for (const dir of [extensionDir, profileDir])
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('redirects the self-service reset page to the portal named by policy', async () => {
    if (browser === undefined) throw new Error('Firefox did not start');
    const page = await browser.newPage();
    // DNR redirects before any DNS lookup, so the real host name works offline.
    const url = 'https://passwordreset.microsoftonline.com/?mkt=en-GB';
    const deadline = Date.now() + 30_000;
    // The rules are installed asynchronously after the add-on starts: retry until they are.
    for (;;) {
      await page.goto(url).catch(() => undefined);
      if (page.url().startsWith(portal.url) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(page.url()).toBe(`${portal.url}/reset?from=${url}`);
    // The address changes as the redirect starts; on a busy machine the page itself may still be loading.
    await page.waitForFunction(() => document.querySelector('.came-from__url') !== null, { timeout: 30_000 });
    // The real portal's reset page loaded and shows where the user came from, as text.
    // Read as plain strings in one evaluation: Firefox's BiDi refuses to hand element handles
    // from a content page back through puppeteer's $eval ("cross-origin object … XrayWrapper").
    const shown = await page.evaluate(() => [
      document.querySelector('h1')?.textContent ?? null,
      document.querySelector('.came-from__url')?.textContent ?? null,
    ]);
    expect(shown).toEqual(['Reset your password', `Full address: ${url}`]);
  });
});
