import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPolicyCli } from './run-policy-cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(here, 'passgate-policy.ts');
const STRONG = 'Vq7#mZ2!xR4p';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/**
 * Runs the CLI in this process, with piped `stdin` (null: an empty stdin). Starting Node with tsx for
 * each case took seconds on a busy 2-core machine; the process entry point has its own tests below.
 */
async function runCli(args: string[], stdin: string | null): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await runPolicyCli(args, {
    stdin: Readable.from(stdin === null ? [] : [stdin]),
    stdout,
    stderr,
  });
  return { code, stdout: out(), stderr: err() };
}

/** Runs the real CLI in a child Node process, feeding `stdin`. */
function runCliProcess(args: string[], stdin: string | null): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@passgate/source', CLI, ...args],
      {
        cwd: here,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin ?? undefined);
  });
}

function policyFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'passgate-policy-'));
  const path = join(dir, 'policy.json');
  writeFileSync(path, content);
  return path;
}

// The process cases start Node with tsx, which takes seconds on a busy 2-core machine.
describe('passgate-policy check', { timeout: 60_000 }, () => {
  it('prints ok and exits 0 for an acceptable password', async () => {
    expect(await runCli(['check'], `${STRONG}\n`)).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
  });

  // The terminal case below runs the command too, accepting a password.
  it('runs as a command: the exit status and the printed words are the process’s own', async () => {
    const refused = await runCliProcess(['check', '--username', 'ssw0'], 'P@ssw0rd\n');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^CONTAINS_USERNAME: /m);
    expect(refused.stdout + refused.stderr).not.toContain('P@ssw0rd');
  });

  it('prints each violation and exits 1, without echoing the password', async () => {
    const run = await runCli(['check', '--username', 'ssw0'], 'P@ssw0rd\n');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^TOO_SHORT: Use at least 12 characters\.$/m);
    expect(run.stdout).toMatch(/^CONTAINS_USERNAME: /m);
    expect(run.stdout).toMatch(/^COMMON_PASSWORD: /m);
    expect(run.stdout + run.stderr).not.toContain('P@ssw0rd');
  });

  it('applies the policy file and the user’s names', async () => {
    const path = policyFile(JSON.stringify({ minLength: 8, bannedTerms: ['fabrikam'] }));
    const banned = await runCli(['check', '--policy', path], 'Fabr1kam#7\n');
    expect(banned.code).toBe(1);
    expect(banned.stdout).toMatch(/^BANNED: /m);
    const named = await runCli(
      ['check', '--policy', path, '--display-name', 'Anna Kowalski'],
      'Kowalski#7\n',
    );
    expect(named.stdout).toMatch(/^BANNED: /m);
    const fine = await runCli(['check', '--policy', path, '--tenant', 'Contoso'], 'Vq7#mZ2!\n');
    expect(fine).toMatchObject({ code: 0, stdout: 'ok\n' });
  });

  it('exits 2 naming the field when the policy is invalid', async () => {
    const path = policyFile(JSON.stringify({ minLength: 20, microsoft365: { maxLength: 16 } }));
    const run = await runCli(['check', '--policy', path], `${STRONG}\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('minLength: expected at most 16');
  });

  it.each([
    ['the policy file is not JSON', () => ['check', '--policy', policyFile('{ minLength: 12')], STRONG],
    ['the policy file is missing', () => ['check', '--policy', '/nonexistent/policy.json'], STRONG],
    ['the command is missing', () => [], STRONG],
    ['stdin is empty', () => ['check'], ''],
    ['an unknown option is given', () => ['check', '--colour'], STRONG],
  ])('exits 2 with usage when %s', async (_name, args, stdin) => {
    const run = await runCli(args(), stdin === '' ? null : `${stdin}\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^passgate-policy: /);
  });

  it('refuses a password given as an argument and never repeats it', async () => {
    const run = await runCli(['check', `--password=${STRONG}`], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('passwords are read from stdin');
    expect(run.stdout + run.stderr).not.toContain(STRONG);
  });

  it('at a terminal, prompts and reads the password without echoing it', async () => {
    // `script` (util-linux) gives the CLI a real pseudo-terminal, as when a person types.
    const command = `'${process.execPath}' --import tsx --conditions=@passgate/source '${CLI}' check`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: here,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const exit = new Promise<number | null>((done) => child.on('close', done));
    // Type only once the prompt is up (the CLI turns echo off just before it): a loaded machine can
    // take seconds to start tsx, and keys typed earlier would be echoed by the terminal.
    await new Promise<void>((prompted, failed) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Password (not shown): ')) prompted();
      });
      child.on('close', () => failed(new Error(`the CLI ended without prompting:\n${output}`)));
    });
    child.stdin.write(`${STRONG}\r`);
    expect(await exit).toBe(0);
    expect(output).toContain('ok');
    expect(output).not.toContain(STRONG);
  });
});
