import { existsSync, realpathSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Firefox reads enterprise policy from `distribution/policies.json` beside its binary (one file,
 * machine-wide). A test owns it only while it runs and deletes it after; an existing file is
 * someone else's and is never overwritten.
 */
export function firefoxPolicyFile(firefoxPath: string): string {
  return join(dirname(realpathSync(firefoxPath)), 'distribution', 'policies.json');
}

export async function writeFirefoxPolicy(
  firefoxPath: string,
  geckoId: string,
  managed: Record<string, unknown>,
): Promise<() => Promise<void>> {
  return writeFirefoxPoliciesFile(
    firefoxPath,
    JSON.stringify({ policies: { '3rdparty': { Extensions: { [geckoId]: managed } } } }),
  );
}

/** Installs a whole policies.json (e.g. one `passgate extension policy` generated) for this test. */
export async function writeFirefoxPoliciesFile(
  firefoxPath: string,
  text: string,
): Promise<() => Promise<void>> {
  const file = firefoxPolicyFile(firefoxPath);
  if (existsSync(file))
    throw new Error(`${file} already exists; not overwriting another owner's Firefox policy`);
  await writeFile(file, text);
  return () => rm(file, { force: true });
}
