import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readAudit } from '../audit/export-audit.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { loadCliConfig } from './load-cli-config.js';
import { openCliStore } from './open-cli-store.js';

/** `passgate audit export [--user EMAIL] [--since ISO-DATE]`: JSON lines, oldest first. */
export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, user: { type: 'string' }, since: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'export' || positionals.length > 1)
    throw new UsageError('expected: audit export [--user EMAIL] [--since 2026-01-31T00:00:00Z]');
  const since =
    values.since === undefined
      ? undefined
      : z.iso
          .datetime({
            offset: true,
            error: '--since: expected an ISO date-time such as 2026-01-31T00:00:00Z',
          })
          .safeParse(values.since);
  if (since !== undefined && !since.success)
    throw new UsageError(since.error.issues[0]?.message ?? '--since: bad date');
  const config = await loadCliConfig(values.config, io.env);
  const store = await openCliStore(config, io, { poolSize: 2 });
  try {
    const query = {
      ...(values.user ? { username: values.user } : {}),
      ...(since?.success ? { since: new Date(since.data) } : {}),
    };
    for await (const event of readAudit(store.db, query)) io.out(JSON.stringify(event));
    return 0;
  } finally {
    await store.close();
  }
}
