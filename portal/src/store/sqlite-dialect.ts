import type SQLite from 'better-sqlite3';
import { type DatabaseConnection, type Driver, SqliteDialect, SqliteDriver } from 'kysely';

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
    super({ database: sqlite });
    this.#sqlite = sqlite;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#sqlite.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

/** The Kysely dialect for the portal's one better-sqlite3 connection. */
export function sqliteDialect(sqlite: SQLite.Database): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new SelfRollbackAwareDriver(sqlite);
    }
  })({ database: sqlite });
}
