import type SQLite from 'better-sqlite3';
import {
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  type SqliteStatement,
} from 'kysely';

/**
 * Kysely's SQLite driver, except that ROLLBACK is skipped when SQLite has already rolled the
 * transaction back itself, as it does when a write fails for lack of disk space or an I/O error
 * (https://www.sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"). Kysely
 * rolls back in its catch and rethrows whatever that throws: without this, "cannot rollback - no
 * transaction is active" would replace the SQLITE_FULL that tells the person to try again later.
 */
class SelfRollbackAwareDriver extends SqliteDriver {
  readonly #sqlite: SQLite.Database;

  constructor(sqlite: SQLite.Database) {
    super({ database: withStatementCache(sqlite) });
    this.#sqlite = sqlite;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#sqlite.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

/**
 * Kysely's SQLite adapter, except that it says what SQLite does: DDL is transactional
 * (https://www.sqlite.org/lang_transaction.html; CREATE and ALTER roll back like any write). Kysely's
 * Migrator reads only this flag: with it, a migrateToLatest or migrateTo runs every pending migration,
 * and the kysely_migration row of each, in one transaction. Without it each statement committed on its
 * own, and a process stopped mid-migration (systemctl restart during an index build) left that
 * migration's first objects in place and the migration unrecorded: every later start failed on
 * "already exists". One transaction for the whole run, not one per migration: a failed upgrade leaves
 * the schema the previous version ran on, so that version can be started again, as on PostgreSQL.
 * A migration that needs to run outside a transaction (PRAGMA foreign_keys, VACUUM: SQLite ignores or
 * refuses them inside one) cannot be written here; none is.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Distinct statements kept prepared: the portal's own are a few hundred (IN lists vary in length). */
const CACHED_STATEMENTS = 500;

/** `pragma synchronous` as write-transaction.ts sets it around commits it need not sync (WriteOptions.synced). */
const SYNC_PRAGMA = /^pragma synchronous = (NORMAL|FULL)$/i;
const SYNC_LEVEL = { NORMAL: 1, FULL: 2 } as const;

/** What the driver runs for a `pragma synchronous` it only notes: nothing, with nothing changed. */
const NOTED: SqliteStatement = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  iterate: () => [][Symbol.iterator](),
};

/**
 * The connection as Kysely's driver sees it, with two savings on a password change's ~70 statements
 * (bench:portal --count-statements):
 * - Its statements are kept prepared: the driver prepares every query it runs, and preparing was a tenth
 *   of the portal's main-thread time per change (bench:portal --profile). A statement still being
 *   iterated (a streamed select) is not handed out again: the caller gets a fresh one. The least recently
 *   used statement goes when the cache is full.
 * - `pragma synchronous = NORMAL | FULL` is noted, not run, and takes effect before the next statement
 *   that can commit (one that writes, or a BEGIN) outside a transaction, and only when the level
 *   differs: the same commits are synced as when every switch ran, but a run of unsynced commits (a
 *   claim, a finished job, a window) no longer switches twice around each one. The level a commit is
 *   made with is the one in force when its transaction began, as SQLite decides it.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  let applied = sqlite.pragma('synchronous', { simple: true }) as number;
  let wanted = applied;
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const level = SYNC_PRAGMA.exec(sql)?.[1]?.toUpperCase() as keyof typeof SYNC_LEVEL | undefined;
      if (level !== undefined) {
        wanted = SYNC_LEVEL[level];
        return NOTED;
      }
      const statement = cachedStatement(sql);
      if (wanted !== applied && !sqlite.inTransaction && (!statement.readonly || /^begin\b/i.test(sql))) {
        sqlite.pragma(`synchronous = ${wanted}`);
        applied = wanted;
      }
      return statement;
    },
  };

  function cachedStatement(sql: string): SQLite.Statement {
    const cached = cache.get(sql);
    if (cached !== undefined && !cached.busy) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = sqlite.prepare(sql);
    if (cached === undefined) {
      cache.set(sql, statement);
      if (cache.size > CACHED_STATEMENTS) cache.delete(cache.keys().next().value as string);
    }
    return statement;
  }
}

/** The Kysely dialect for the portal's one better-sqlite3 connection. */
export function sqliteDialect(sqlite: SQLite.Database): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new SelfRollbackAwareDriver(sqlite);
    }

    override createAdapter(): DialectAdapter {
      return new TransactionalDdlAdapter();
    }
  })({ database: sqlite });
}
