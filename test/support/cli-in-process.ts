import { Readable } from 'node:stream';
import { runCli } from '@passgate/portal';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the `passgate` command in this process (no TypeScript loader per call), with `stdin` as its input. */
export async function cliInProcess(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const input = Object.assign(Readable.from([stdin]), { isTTY: false }) as unknown as NodeJS.ReadStream;
  const code = await runCli(args, {
    env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: input,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
