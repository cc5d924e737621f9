import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSigningKey } from '../signing-key.js';
import type { CommandContext } from './command-context.js';

/** `passgate extension keygen [--out PATH]`: prints the id; the key itself never leaves the file. */
export async function keygenCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, config: { type: 'string' } } });
  const path = values.out ?? ctx.kit.keyPath;
  const key = await createSigningKey(path);
  ctx.io.out(`extension id: ${key.extensionId}`);
  ctx.io.err(`Wrote the signing key to ${resolve(path)} (mode 0600).`);
  ctx.io.err(
    'Back it up somewhere safe: the extension id is derived from it, and without it you cannot ship updates to installed copies.',
  );
  return 0;
}
