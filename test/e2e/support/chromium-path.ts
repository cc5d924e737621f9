import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * The Chromium to drive: CHROMIUM_PATH, else Debian's (the real binary, not its shell wrapper,
 * which adds flags of its own). Under CI a missing browser is an error; locally the browser
 * tests skip with this message.
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  const found = candidates.find((path) => path !== undefined && path !== '' && existsSync(path));
  if (found === undefined && process.env.CI !== undefined && process.env.CI !== '') {
    throw new Error('Chromium not found (set CHROMIUM_PATH or run: apt-get install chromium)');
  }
  if (found === undefined)
    console.warn('Skipping browser tests: Chromium not found. Install it: apt-get install chromium');
  return found;
}

/** Starts the Chromium found by chromiumPath() headless, as every browser test here drives it. */
export function launchChromium(executablePath: string | undefined): Promise<Browser> {
  return chromium.launch({
    executablePath: executablePath ?? '',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
}
