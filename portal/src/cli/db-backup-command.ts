import { dirname, resolve } from 'node:path';
import { isPostgresUrl, redactedDatabaseUrl } from '../store/open-postgres.js';
import { openStore } from '../store/open-store.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { cliLogger } from './cli-logger.js';
import { loadCliConfig } from './load-cli-config.js';

/**
 * `passgate db backup --out FILE`: an online copy of the SQLite database (the portal may keep running)
 * into a new file, created 0600. Exit 1 when FILE exists or its folder does not; PostgreSQL is refused
 * (exit 2): pg_dump is its tool.
 */
export async function dbBackupCommand(values: { config?: string; out?: string }, io: CliIo): Promise<number> {
  if (values.out === undefined || values.out === '')
    throw new UsageError('backup: expected --out FILE (a new file, created with mode 600)');
  const out = resolve(values.out);
  const config = await loadCliConfig(values.config, io.env);
  if (isPostgresUrl(config.database))
    throw new UsageError(
      `backup: ${redactedDatabaseUrl(config.database)} is PostgreSQL; back it up with pg_dump (see docs/admin.md)`,
    );
  const store = await openStore(config.database, { logger: cliLogger(config, io), migrate: false });
  try {
    const outcome = await store.backup(out).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      return { status: 'failed', reason } as const;
    });
    switch (outcome.status) {
      case 'written':
        io.out(`backed up ${store.path} to ${out} (${outcome.pages} pages, mode 600)`);
        return 0;
      case 'failed':
        io.err(`passgate db backup: writing ${out} failed (${outcome.reason}); nothing was kept`);
        return 1;
      case 'refused':
        io.err(
          outcome.reason === 'exists'
            ? `passgate db backup: ${out} already exists; a backup never replaces a file: choose a new name`
            : `passgate db backup: the folder ${dirname(out)} does not exist`,
        );
        return 1;
    }
  } finally {
    await store.close();
  }
}
