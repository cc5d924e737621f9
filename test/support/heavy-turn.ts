import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitUntil } from './wait-until.js';

/** Test files that start a browser: the end-to-end ones and the integration tests named for it. */
const RUNS_A_BROWSER = /\/e2e\/|-browser\.test\.ts$/;

/** Test files that run several portal (or nginx) processes at once, starting and killing them. */
const RUNS_PROCESSES = /\/integration\/portal-(soak|instances|demo|crash|nginx)\.test\.ts$/;

/**
 * Whether a test file must hold the run's heavy turn: at most one such file runs at a time, beside the
 * light ones. Two of them at once on a 2-core machine starve each other past their own deadlines (a
 * process that does not answer within a minute, the soak's five minutes).
 */
export function needsTheHeavyTurn(testFile: string): boolean {
  return RUNS_A_BROWSER.test(testFile) || RUNS_PROCESSES.test(testFile);
}

/**
 * Longer than the holder may take: the soak alone may run five minutes, and on a loaded machine the
 * files' own estimates (heaviest-first-sequencer.ts) fall short, so a heavy file does end up waiting.
 */
export const TURN_WAIT_MS = 600_000;

/**
 * Waits until no other test file of this run holds the heavy turn, then holds it (an atomic mkdir of
 * `dir`/held); resolves to the function that gives it back. A holder whose process is gone (a worker
 * that crashed) no longer counts. Browsers need it besides for their policy: the machine-wide folder
 * /etc/chromium/policies/managed/ reaches every Chromium on the machine, not just the test's own (the
 * extension's managed values, a force-install list).
 */
export async function takeHeavyTurn(dir: string): Promise<() => Promise<void>> {
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
