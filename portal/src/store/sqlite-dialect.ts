import type SQLite from 'better-sqlite3';
import {
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
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

/** Distinct statements kept prepared: the portal's own are a few hundred (IN lists vary in length). */
const CACHED_STATEMENTS = 500;

/**
 * The connection as Kysely's driver sees it, with its statements kept prepared: the driver prepares
 * every query it runs, and preparing was a tenth of the portal's main-thread time per password change
 * (bench:portal --profile). A statement still being iterated (a streamed select) is not handed out
 * again: the caller gets a fresh one. The least recently used statement goes when the cache is full.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
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
    },
  };
}

/** The Kysely dialect for the portal's one better-sqlite3 connection. */
export function sqliteDialect(sqlite: SQLite.Database): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new SelfRollbackAwareDriver(sqlite);
    }
  })({ database: sqlite });
}
