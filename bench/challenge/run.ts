/**
 * How long the proof of work takes where it is solved: in Chromium by the portal's own challenge island
 * (what a person waits for on /reset), and natively in Node with altcha-lib (what a script pays), at a
 * few values of `bots.difficulty`. Figures are printed; docs/admin.md records them.
 *
 *   node --import tsx --conditions=@passgate/source bench/challenge/run.ts [pages=15] [difficulties=300,600,1200]
 *
 * Needs the islands built (npm run build) and Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
 */
import { availableParallelism } from 'node:os';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../test/e2e/support/chromium-path.js';
import { startTestPortal } from '../../test/support/start-portal.js';

const pages = Number(process.argv[2] ?? 15);
const difficulties = (process.argv[3] ?? '300,600,1200').split(',').map(Number);

function summary(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return `median ${at(0.5).toFixed(0).padStart(5)} ms   p90 ${at(0.9).toFixed(0).padStart(5)} ms   max ${(sorted.at(-1) ?? Number.NaN).toFixed(0).padStart(5)} ms`;
}

const executablePath = chromiumPath();
if (executablePath === undefined) throw new Error('Chromium not found (set CHROMIUM_PATH)');
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
console.info(
  `proof of work, ${pages} pages per difficulty, ${availableParallelism()} CPUs, ${process.version}`,
);
try {
  for (const difficulty of difficulties) {
    const t = await startTestPortal({
      startWorker: false,
      startBackground: false,
      config: { bots: { difficulty } },
    });
    try {
      const inBrowser: number[] = [];
      const inNode: number[] = [];
      for (let i = 0; i < pages; i += 1) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${t.url}/reset`);
        // The island's own figure: from the first try to the answer, as altcha-lib measures it.
        await page.waitForFunction(
          () => document.querySelector<HTMLInputElement>('input[name="altcha"]')?.value,
          null,
          {
            timeout: 120_000,
          },
        );
        const field = await page.inputValue('input[name="altcha"]');
        const { solution } = JSON.parse(Buffer.from(field, 'base64').toString('utf8')) as {
          solution: { time: number };
        };
        inBrowser.push(solution.time);
        const json = await page.locator('#challenge-data').textContent();
        const started = performance.now();
        await solveChallenge({ challenge: JSON.parse(json ?? '{}') as Challenge, deriveKey });
        inNode.push(performance.now() - started);
        await context.close();
      }
      console.info(`difficulty ${String(difficulty).padStart(5)}   Chromium: ${summary(inBrowser)}`);
      console.info(`                    Node:     ${summary(inNode)}`);
    } finally {
      await t.close();
    }
  }
} finally {
  await browser.close();
}
