import { type Kysely, sql } from 'kysely';
import { describeNonEmptyTarget, describeRunningPortal, sqliteTables } from './copy-preconditions.js';
import { COPY_ORDER, copyTable, countRows, fixIdentitySequences, MIGRATION_TABLES } from './copy-tables.js';
import type { Database } from './database-schema.js';
import { openPostgresSession, postgresFailureReason, redactedDatabaseUrl } from './open-postgres.js';
import type { Store } from './open-store.js';
import { readMigrationState, runMigrations } from './run-migrations.js';
import { StoreError } from './store-error.js';

export interface TableCount {
  table: string;
  rows: number;
}

export type CopyOutcome =
  | { status: 'copied'; target: string; schema: string; tables: TableCount[] }
  | { status: 'refused'; reason: string };

/** Thrown inside the target's transaction to roll it back with a refusal rather than an error. */
class Refusal extends Error {}

/** Runs `work` in one transaction on the session's single connection: committed if it returns, rolled back if it throws. */
async function inOneTransaction<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  await sql`begin`.execute(db);
  try {
    const result = await work();
    await sql`commit`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  }
}

/**
 * Copies a stopped portal's SQLite database into an empty PostgreSQL database, in ONE transaction on the
 * target: the schema (migrated to the source's version), then every table in foreign-key order, in
 * batches, ids and sealed payloads as they are; the identity sequences moved past the copied ids; the
 * row counts compared. Any failure rolls all of it back, so the target is left empty and the copy can
 * simply be run again. The source is read in one transaction too (one consistent snapshot) and is held
 * exclusively by the caller (openStore `exclusive`), so no portal can write to it meanwhile.
 */
export async function copyToPostgres(source: Store, targetUrl: string, now: number): Promise<CopyOutcome> {
  if (source.kind !== 'sqlite') throw new Error('copyToPostgres: the source must be a SQLite store');
  const shown = redactedDatabaseUrl(targetUrl);
  const target = await openPostgresSession(targetUrl);
  try {
    return await source.db.transaction().execute(async (src) => {
      const tables = await sqliteTables(src);
      const unknown = [...tables].filter(
        (t) => !(COPY_ORDER as readonly string[]).includes(t) && !MIGRATION_TABLES.includes(t),
      );
      if (unknown.length > 0)
        throw new StoreError(
          `database: ${source.path} has tables this Passgate does not know (${unknown.join(', ')}); it would leave them behind`,
        );
      const schema = (await readMigrationState(src)).applied.at(-1);
      if (schema === undefined)
        return { status: 'refused', reason: `${source.path} holds no Passgate data yet: nothing to copy` };
      const running = await describeRunningPortal(src, tables, now);
      if (running !== null) return { status: 'refused', reason: running };
      const copied = COPY_ORDER.filter((table) => tables.has(table));
      try {
        const counts = await inOneTransaction(target.db, async () => {
          const filled = await describeNonEmptyTarget(target.db);
          if (filled !== null)
            throw new Refusal(
              `${shown} is not empty (${filled}); db copy fills a new, empty database: create one (createdb) and copy into it`,
            );
          await runMigrations(target.db, { upTo: schema, inCallersTransaction: true });
          for (const table of copied) await copyTable(src, target.db, table);
          await fixIdentitySequences(target.db, new Set(copied));
          return verifyCounts(src, target.db, copied);
        });
        return { status: 'copied', target: shown, schema, tables: counts };
      } catch (error) {
        if (error instanceof Refusal) return { status: 'refused', reason: error.message };
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `database: copying into ${shown} failed, nothing was committed: ${postgresFailureReason(error)}`,
    );
  } finally {
    await target.close();
  }
}

/** Every table's rows counted on both sides, inside both transactions; a difference throws (and rolls back). */
async function verifyCounts(
  source: Kysely<Database>,
  target: Kysely<Database>,
  tables: readonly (typeof COPY_ORDER)[number][],
): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of tables) {
    const [from, to] = [await countRows(source, table), await countRows(target, table)];
    if (from !== to)
      throw new Error(`${table} has ${from} rows in SQLite but ${to} in PostgreSQL after the copy`);
    counts.push({ table, rows: to });
  }
  return counts;
}
