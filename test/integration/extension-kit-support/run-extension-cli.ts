import { runExtensionCommand } from '@passgate/portal/extension-kit';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/** Runs `passgate extension …` in-process, capturing what it prints. */
export async function runExtensionCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runExtensionCommand(argv, {
    env: {},
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
    stdin: process.stdin,
  });
  return { code, out, err };
}
