import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';
import { migrationProvider } from './migrations.js';
import { readExecutedMigrations } from './run-migrations.js';

export type NotReadyReason = 'DATABASE_UNREACHABLE' | 'MIGRATIONS_PENDING' | 'DATABASE_NEWER';

export type Readiness = { ready: true } | { ready: false; reason: NotReadyReason; message: string };

function listed(names: readonly string[]): string {
  return (names.length > 3 ? [...names.slice(0, 3), '…'] : names).join(', ');
}

const UNREACHABLE: Readiness = {
  ready: false,
  reason: 'DATABASE_UNREACHABLE',
  message: 'the database cannot be reached',
};

const answers = (db: Kysely<Database>): Promise<boolean> =>
  sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );

async function schemaReadiness(db: Kysely<Database>): Promise<Readiness> {
  const known = Object.keys(await migrationProvider.getMigrations());
  const names = await readExecutedMigrations(db);
  // No migration table (none has run yet), unless the database went away between the two reads.
  if (names === null && !(await answers(db))) return UNREACHABLE;
  const executed = new Set(names ?? []);
  const unknown = [...executed].filter((name) => !known.includes(name)).sort();
  if (unknown.length > 0) {
    return {
      ready: false,
      reason: 'DATABASE_NEWER',
      message: `the database was migrated by a newer Passgate (${listed(unknown)}): upgrade this instance`,
    };
  }
  const pending = known.filter((name) => !executed.has(name));
  if (pending.length > 0) {
    return {
      ready: false,
      reason: 'MIGRATIONS_PENDING',
      message: `${pending.length} migration(s) not run yet (${listed(pending)}): run passgate db migrate`,
    };
  }
  return { ready: true };
}

/**
 * Whether this instance may take traffic: the database answers within `timeoutMs`, and its schema is
 * exactly the one this code was written for (every migration it knows has run, none it does not know).
 * Two small reads; never a write, so a probe every few seconds costs nothing and cannot block a migration.
 */
export async function checkReadiness(db: Kysely<Database>, timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ready: false,
          reason: 'DATABASE_UNREACHABLE',
          message: `the database did not answer within ${timeoutMs} ms`,
        }),
      timeoutMs,
    );
  });
  const checked = answers(db).then((up) => (up ? schemaReadiness(db) : UNREACHABLE));
  try {
    return await Promise.race([checked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
