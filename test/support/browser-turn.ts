import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitUntil } from './wait-until.js';

/** Test files that start a browser: the end-to-end ones and the integration tests named for it. */
const RUNS_A_BROWSER = /\/e2e\/|-browser\.test\.ts$/;

export function runsABrowser(testFile: string): boolean {
  return RUNS_A_BROWSER.test(testFile);
}

/** Longer than any one browser test file takes on a loaded machine, shorter than the e2e hook timeout. */
const TURN_WAIT_MS = 170_000;

/**
 * Waits until no other test file of this run holds a browser, then holds it (an atomic mkdir of
 * `dir`/held); resolves to the function that gives it back. A holder whose process is gone (a worker
 * that crashed) no longer counts. One at a time, because browser policy in the machine-wide folder
 * /etc/chromium/policies/managed/ reaches every Chromium on the machine, not just the test's own (the
 * extension's managed values, a force-install list), and two browsers at once starve a 2-core machine.
 */
export async function takeBrowserTurn(dir: string): Promise<() => Promise<void>> {
  const held = join(dir, 'held');
  await waitUntil(async () => {
    try {
      await mkdir(held);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await holderIsGone(held)) await rm(held, { recursive: true, force: true });
      return false;
    }
    await writeFile(join(held, 'pid'), String(process.pid));
    return true;
  }, TURN_WAIT_MS);
  return () => rm(held, { recursive: true, force: true });
}

async function holderIsGone(held: string): Promise<boolean> {
  // No pid yet: the holder is between its mkdir and its writeFile.
  const pid = Number(await readFile(join(held, 'pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
