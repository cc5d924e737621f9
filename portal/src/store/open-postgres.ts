import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.js';
import { redactedDatabaseUrl } from './database-url.js';
import { migrationProvider } from './migrations.js';
import { readExecutedMigrations, runMigrations } from './run-migrations.js';
import { StoreError } from './store-error.js';

// Re-exported for the modules that already import them from here; they themselves load no driver.
export { isPostgresUrl, redactedDatabaseUrl } from './database-url.js';

const INT8 = 20;

/**
 * A pg pool for the store. int8 (bigint) columns hold epoch milliseconds: node-postgres gives them as
 * strings (they may exceed 2^53), so they are parsed to numbers here, in one place: times are numbers
 * on both databases. TLS comes from the URL (`sslmode=require|verify-ca|verify-full`, `sslrootcert=FILE`
 * for a private CA), as libpq would read it.
 */
function createPool(url: string, poolSize: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An error on an idle connection (the server restarted) must not end the process: the pool drops that
  // connection and the next query opens a new one. pg-pool listens only while a connection is idle, so
  // one checked out between two statements of a transaction (the sync worker's claim) when the server
  // goes away would emit an error nobody hears, and Node would exit: each connection gets a listener of
  // its own. The statement in flight fails as it would, and pg-pool drops the broken connection on release.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Why a connection, migration or copy failed, in words an admin can act on (never the password). */
export function postgresFailureReason(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `the server cannot be reached (${code}); check the host, the port and that PostgreSQL runs`;
    case '28P01':
    case '28000':
      return 'the server refused the user name or password';
    case '3D000':
      return 'the database does not exist; create it first (createdb)';
    case '42501':
      return 'the role lacks a right it needs (it must be able to create tables in its schema, and read and write them)';
    default:
      return (message ?? String(error)).replaceAll(/:\/\/[^@\s]*@/g, '://***@').slice(0, 200);
  }
}

/**
 * Another application's database (tables, but none of Passgate's migrations): refused before anything
 * is created. Its own class so that a command for which the database is not the configured one (db copy's
 * target) can say what to do in its own words.
 */
export class ForeignDatabaseError extends StoreError {
  override readonly name: string = 'ForeignDatabaseError';

  constructor(
    /** The database's URL without its password. */
    readonly shown: string,
    /** Up to three of its tables, comma-separated. */
    readonly tables: string,
  ) {
    super(
      `database: ${shown} is not a Passgate database (it has tables ${tables} but none of Passgate's migrations); point "database" at Passgate's database, or at a new, empty one (createdb)`,
    );
  }
}

/**
 * Refuses, before anything is created, a database where no Passgate migration is recorded but the
 * schema Passgate would migrate already holds tables: another application's database, which migrating
 * would fill with Passgate's tables beside its own (the SQLite file gets the same refusal). Read from
 * pg_class, which lists every relation whatever the role may read; Kysely's own two tables are left
 * out: a first migration that failed on PostgreSQL leaves them, and nothing else, behind.
 */
async function refuseForeignSchema(db: Kysely<Database>, shown: string): Promise<void> {
  const { rows } = await sql<{ name: string }>`select c.relname as name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and c.relname not in ('kysely_migration', 'kysely_migration_lock')
    order by c.relname`.execute(db);
  if (rows.length === 0) return;
  const names = rows.map((row) => row.name);
  throw new ForeignDatabaseError(shown, (names.length > 3 ? [...names.slice(0, 3), '…'] : names).join(', '));
}

export interface OpenedPostgres {
  db: Kysely<Database>;
  /** The migrations this open ran (none when told not to migrate). */
  migrationsRun: string[];
  close(): Promise<void>;
}

/**
 * Opens the PostgreSQL database and, unless `migrate` is false, runs pending migrations (each in a
 * transaction, one instance at a time: Kysely's migration lock). Refuses a database that was migrated
 * by a newer Passgate, and another application's (tables, but no Passgate migration).
 */
export async function openPostgres(
  url: string,
  options: { poolSize: number; migrate: boolean },
): Promise<OpenedPostgres> {
  const shown = redactedDatabaseUrl(url);
  const pool = createPool(url, options.poolSize);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
    const known = new Set(Object.keys(await migrationProvider.getMigrations()));
    const executed = (await readExecutedMigrations(db)) ?? [];
    if (executed.length === 0) await refuseForeignSchema(db, shown);
    const unknown = executed.filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new StoreError(
        `database: ${shown} was migrated by a newer Passgate (unknown migration ${unknown.join(', ')}); run that version or a later one`,
      );
    const migrationsRun = options.migrate ? await runMigrations(db) : [];
    return { db, migrationsRun, close: () => db.destroy() };
  } catch (error) {
    await db.destroy().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`database: cannot use ${shown}: ${postgresFailureReason(error)}`);
  }
}

/**
 * One dedicated connection, for work that must be a single transaction from its first statement to its
 * last, migrations included (db copy): every query of the returned Kysely runs on it, so a `begin`
 * holds until `commit`. A connection that breaks is never replaced behind the caller's back: every
 * later query fails instead of running outside the transaction.
 */
export async function openPostgresSession(
  url: string,
): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  const shown = redactedDatabaseUrl(url);
  const pool = createPool(url, 1);
  let held: pg.PoolClient;
  try {
    held = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError(`database: cannot use ${shown}: ${postgresFailureReason(error)}`);
  }
  const client: PostgresPoolClient = {
    query: held.query.bind(held) as PostgresPoolClient['query'],
    release: () => undefined,
  };
  const single: PostgresPool = {
    connect: async () => client,
    end: async () => {
      held.release();
      await pool.end();
    },
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) });
  return { db, close: () => db.destroy() };
}
