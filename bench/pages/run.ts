/**
 * What a person's phone has to fetch and scroll: the height of /change at 375 × 667 (before and after
 * a refused submit) and the weight of every page's first visit (the HTML and the CSS, JS and JSON it
 * loads, empty cache), as a real Chromium receives it.
 *
 *   node --import tsx --conditions=@passgate/source bench/pages/run.ts     (npm run bench:pages)
 *
 * The portal runs here (real HTTP on 127.0.0.1) with its default look. Chromium asks for brotli and gets
 * it for the assets; the gzip column fetches the same files asking for gzip only. Pages themselves are
 * never compressed (BREACH, docs/admin.md "Compression"). Goal: /change ≤ 25 KB gzip on first visit.
 */
import { get } from 'node:http';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumPath } from '../../test/e2e/support/chromium-path.js';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../../test/support/start-portal.js';

const PAGES = ['/change', '/signin', '/reset', '/account', '/no/such/page'];
const GOAL_KB = 25;
const [adele] = DEFAULT_TEST_USERS as [(typeof DEFAULT_TEST_USERS)[number]];

interface Weight {
  requests: number;
  /** Bytes of the bodies as they are once decoded. */
  raw: number;
  /** Bytes of the bodies as Chromium received them (it asks for brotli, which the portal's assets come in). */
  received: number;
  /** The same files asked for with Accept-Encoding: gzip only (older clients, some proxies). */
  gzip: number;
  /** Had every response, pages included, been gzipped: what not compressing pages costs. */
  allGzip: number;
}

/** The body's bytes as sent for this Accept-Encoding, not decoded (fetch() would decode them). */
function encodedBytes(url: string, acceptEncoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': acceptEncoding } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
      });
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    }).on('error', reject);
  });
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function firstVisit(browser: Browser, portal: TestPortal, path: string): Promise<Weight> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
  const page = await context.newPage();
  const finished: Promise<Weight>[] = [];
  page.on('requestfinished', (request) => {
    finished.push(
      (async () => {
        const response = await request.response();
        const body = (await response?.body()) ?? Buffer.alloc(0);
        const sizes = await request.sizes();
        const gzipBytes = await encodedBytes(request.url(), 'gzip');
        return {
          requests: 1,
          raw: body.byteLength,
          received: sizes.responseBodySize,
          gzip: gzipBytes,
          allGzip: gzipSync(body).byteLength,
        };
      })(),
    );
  });
  // Until the network is quiet, not just `load`: what an island fetches as it starts counts too.
  await page.goto(`${portal.url}${path}`, { waitUntil: 'networkidle' });
  const weights = await Promise.all(finished);
  await context.close();
  return weights.reduce(
    (sum, w) => ({
      requests: sum.requests + w.requests,
      raw: sum.raw + w.raw,
      received: sum.received + w.received,
      gzip: sum.gzip + w.gzip,
      allGzip: sum.allGzip + w.allGzip,
    }),
    { requests: 0, raw: 0, received: 0, gzip: 0, allGzip: 0 },
  );
}

const height = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollHeight);

async function changeHeights(
  browser: Browser,
  portal: TestPortal,
): Promise<{ before: number; typing: number; after: number; submitTop: number }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(`${portal.url}/change`);
  // Hydrated (the island has its wording) once the show/hide buttons exist.
  await page.getByRole('button', { name: 'Show new password', exact: true }).waitFor();
  const before = await height(page);
  await page.getByLabel('E-mail address').fill(adele.email);
  await page.getByLabel('Current password').fill('Not-Right-At-All-1');
  // Half typed: the list has narrowed to what is still missing (a number and a symbol).
  await page.getByLabel('New password', { exact: true }).fill('Harbour-Lantern');
  await page.getByRole('button', { name: /^Show all/ }).waitFor();
  const typing = await height(page);
  // A new password the browser accepts, so the server answers (the current password is wrong): the
  // browser holds back a new password it can already see is wrong, with no round trip at all.
  await page.getByLabel('New password', { exact: true }).fill('Harbour-Lantern-47!');
  await page.getByLabel('New password again').fill('Harbour-Lantern-47!');
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Change password' }).click(),
  ]);
  await page.locator('#error-summary').waitFor();
  const after = await height(page);
  const submitTop = await page
    .getByRole('button', { name: 'Change password' })
    .evaluate((button) => button.getBoundingClientRect().top + window.scrollY);
  await context.close();
  return { before, typing, after, submitTop };
}

async function main(): Promise<void> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('Chromium not found (apt-get install chromium)');
  const [portal, browser] = await Promise.all([
    startTestPortal({ startWorker: false }),
    chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] }),
  ]);
  try {
    const heights = await changeHeights(browser, portal);
    console.log('/change at 375 × 667 (screens of 667 px)');
    console.log(`  before typing        ${heights.before} px (${(heights.before / 667).toFixed(1)})`);
    console.log(`  while typing         ${heights.typing} px (${(heights.typing / 667).toFixed(1)})`);
    console.log(
      `  after a refusal      ${heights.after} px (${(heights.after / 667).toFixed(1)}), submit button at ${Math.round(heights.submitTop)} px`,
    );
    console.log('');
    console.log('first visit, empty cache: HTML + the CSS, JS and JSON it loads');
    console.log(
      `  ${'page'.padEnd(16)}${'requests'.padStart(9)}${'raw'.padStart(11)}${'received'.padStart(11)}${'gzip'.padStart(11)}${'all gzip'.padStart(11)}`,
    );
    for (const path of PAGES) {
      const w = await firstVisit(browser, portal, path);
      const goal =
        path === '/change'
          ? w.gzip <= GOAL_KB * 1024
            ? `  ≤ ${GOAL_KB} KB goal: met`
            : `  ≤ ${GOAL_KB} KB goal: MISSED`
          : '';
      console.log(
        `  ${path.padEnd(16)}${String(w.requests).padStart(9)}${kb(w.raw).padStart(11)}${kb(w.received).padStart(11)}${kb(w.gzip).padStart(11)}${kb(w.allGzip).padStart(11)}${goal}`,
      );
    }
    console.log('');
    console.log(
      'received: as Chromium got it (assets brotli, pages uncompressed: docs/admin.md "Compression")',
    );
    console.log('gzip: the same files asked for with gzip only; all gzip: had pages been gzipped too');
  } finally {
    await browser.close();
    await portal.close();
  }
}

await main();
