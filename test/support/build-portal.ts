import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Brings portal/dist up to date with portal/src (`tsc -b portal`; under a second when nothing changed),
 * so nothing that runs the built `passgate` command drives yesterday's build.
 */
export function buildPortal(): Promise<void> {
  const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'portal'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`tsc -b portal failed (exit ${code}):\n${output}`)),
    );
  });
}
