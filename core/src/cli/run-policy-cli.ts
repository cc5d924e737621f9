import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadCommonPasswords } from '../policy/common-passwords.js';
import {
  defaultPolicy,
  evaluatePassword,
  type PasswordPolicy,
  PolicyError,
  parsePolicy,
  violationMessage,
} from '../policy/index.js';
import { readPassword } from './read-password.js';

export interface CliIo {
  stdin: Readable;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Exit codes: the password was accepted, refused, or the command could not run. */
export const EXIT_ACCEPTED = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: passgate-policy check [--policy policy.json] [--username u] [--email e] [--display-name n] [--tenant t]
Reads one password from stdin (first line; hidden prompt on a terminal) and prints "ok" or each violation.
Exit status: 0 accepted, 1 refused, 2 usage error or invalid policy.
`;

class UsageError extends Error {}

async function loadPolicy(path: string | undefined): Promise<PasswordPolicy> {
  if (path === undefined) return defaultPolicy;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the policy file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the policy file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parsePolicy(json);
}

function parseCommandLine(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        policy: { type: 'string' },
        username: { type: 'string' },
        email: { type: 'string' },
        'display-name': { type: 'string' },
        tenant: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch {
    // Arguments are not echoed back: someone may have typed a password there by mistake. Other
    // users can read a process's arguments, so a password is never accepted there.
    const hint = args.some((arg) => /^-+pass/i.test(arg))
      ? ': passwords are read from stdin, never from arguments'
      : '';
    throw new UsageError(`unknown or malformed option${hint}`);
  }
}

/** Runs `passgate-policy` with the given arguments; resolves to the exit status. */
export async function runPolicyCli(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(args);
    if (values.help) {
      io.stdout.write(USAGE);
      return EXIT_ACCEPTED;
    }
    if (positionals.length !== 1 || positionals[0] !== 'check') {
      throw new UsageError(positionals.length === 0 ? 'missing the command "check"' : 'unexpected arguments');
    }
    const policy = await loadPolicy(values.policy);
    const password = await readPassword(io.stdin, io.stderr);
    if (password === null) throw new UsageError('no password on stdin');
    const context = {
      username: values.username,
      email: values.email,
      displayName: values['display-name'],
      tenantName: values.tenant,
    };
    const result = evaluatePassword(password, policy, context, { dictionary: loadCommonPasswords() });
    if (result.ok) {
      io.stdout.write('ok\n');
      return EXIT_ACCEPTED;
    }
    for (const violation of result.violations)
      io.stdout.write(`${violation.code}: ${violationMessage(violation.code, policy)}\n`);
    return EXIT_REFUSED;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof PolicyError)) throw error;
    io.stderr.write(`passgate-policy: ${error.message}\n`);
    if (error instanceof UsageError) io.stderr.write(USAGE);
    return EXIT_USAGE;
  }
}
