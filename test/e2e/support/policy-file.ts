import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where Chromium on Linux reads machine-wide mandatory policy. */
export const POLICY_DIR = '/etc/chromium/policies/managed';

export interface PolicyFile {
  path: string;
  /** Replaces the extension's managed values (Chromium notices within seconds). */
  write(values: Record<string, unknown>): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A policy file of this test run only (unique name), giving the extension `extensionId` its
 * managed values. Tests must call remove() in afterEach/afterAll: the folder is machine-wide.
 */
export async function createPolicyFile(extensionId: string): Promise<PolicyFile> {
  await mkdir(POLICY_DIR, { recursive: true });
  await removeOrphans();
  const path = join(POLICY_DIR, `passgate-e2e-${process.pid}-${randomUUID()}.json`);
  return {
    path,
    async write(values) {
      const policy = { '3rdparty': { extensions: { [extensionId]: values } } };
      // Write then rename so Chromium never reads half a file (it only reads *.json).
      await writeFile(`${path}.tmp`, JSON.stringify(policy, null, 2));
      await rename(`${path}.tmp`, path);
    },
    async remove() {
      await rm(path, { force: true });
      await rm(`${path}.tmp`, { force: true });
    },
  };
}

/**
 * Removes the policy files of test processes that are gone (a run killed before its afterAll): left
 * behind, one would configure the extension in every later Chromium on the machine.
 */
async function removeOrphans(): Promise<void> {
  for (const name of await readdir(POLICY_DIR)) {
    const pid = Number(/^passgate-e2e-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) await rm(join(POLICY_DIR, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
