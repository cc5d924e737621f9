import { UsageError } from './cli-error.js';

/**
 * Reads a password from standard input (never argv, which other users of the machine can see in `ps`).
 * One trailing newline is removed, as `echo` and here-strings add one.
 */
export async function readSecretFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stdin.isTTY)
    throw new UsageError('--password-stdin expects the password piped in, e.g. from a password manager');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (text === '') throw new UsageError('--password-stdin: standard input was empty');
  return text;
}
