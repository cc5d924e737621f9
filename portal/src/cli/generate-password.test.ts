import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const MODULE = fileURLToPath(new URL('./generate-password.ts', import.meta.url));

/**
 * Runs generatePassword(policy) in a child process killed after `ms`: the bug it guards against is a
 * synchronous endless loop, which no in-process timeout can interrupt.
 */
function generateIn(
  policy: unknown,
  ms: number,
): Promise<{ result?: string; error?: string; killed: boolean }> {
  const script = `
    const { parsePolicy } = await import('@passgate/core/policy');
    const { generatePassword } = await import(${JSON.stringify(MODULE)});
    const input = ${JSON.stringify(policy)};
    const policy = input.raw ?? parsePolicy(input);
    try { process.stdout.write(JSON.stringify({ result: generatePassword(policy) })); }
    catch (e) { process.stdout.write(JSON.stringify({ error: e.name + ': ' + e.message })); }`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@passgate/source', '--input-type=module', '-e', script],
    {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: 'portal/tsconfig.json' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, ms);
  return new Promise((resolve) =>
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ ...(out ? (JSON.parse(out) as { result?: string; error?: string }) : {}), killed });
    }),
  );
}

describe('generatePassword()', () => {
  it('makes a password within the effective maximum length when it is under 20', async () => {
    const { result, killed } = await generateIn({ microsoft365: { enforce: true, maxLength: 16 } }, 20_000);
    expect(killed).toBe(false);
    expect(result).toHaveLength(16);
  }, 30_000);

  it('gives up with PASSWORD_NOT_GENERATED when no password of the allowed length can pass', async () => {
    // Past the schema (which refuses minLength > maxLength): only a bounded loop ends here.
    const { parsePolicy } = await import('@passgate/core/policy');
    const raw = { ...parsePolicy({}), minLength: 40, maxLength: 16 };
    const { error, killed } = await generateIn({ raw }, 20_000);
    expect(killed).toBe(false);
    expect(error).toMatch(
      /^UsageError: PASSWORD_NOT_GENERATED: no random 16-character password met the policy/,
    );
  }, 30_000);
});
