import { spawn } from 'node:child_process';
import { PASSGATE_BIN, REPO } from '../support/portal-process.js';

export type DeskAction = 'expire' | 'suspend' | 'unsuspend' | 'unlock';

export interface DeskResult {
  /** The command's exit code: 0 done, 1 the account's state does not allow it (USER_STATE). */
  code: number | null;
  out: string;
}

export interface ServiceDesk {
  /** Runs `passgate users <action> <email>`; one admin at a time, as a real desk works. */
  act(action: DeskAction, email: string): Promise<DeskResult>;
  /** How many times each action ran, and with which exit code. */
  tally: Map<string, number>;
}

/** The service desk: the `passgate` CLI as its own process, on the same config and database as the portal. */
export function openServiceDesk(configPath: string, env: Record<string, string>): ServiceDesk {
  const tally = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();
  const run = (action: DeskAction, email: string): Promise<DeskResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [PASSGATE_BIN, 'users', action, email, '--config', configPath], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      child.once('error', reject);
      child.once('exit', (code) => {
        const key = `${action} → exit ${code}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        resolve({ code, out });
      });
    });
  return {
    tally,
    act(action, email) {
      const result = queue.then(() => run(action, email));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
