import type { Env } from '../config/parse-config.js';

/** What a command may touch of the outside world (so tests can run commands in-process). */
export interface CliIo {
  env: Env;
  out(line: string): void;
  err(line: string): void;
  stdin: NodeJS.ReadStream;
}
