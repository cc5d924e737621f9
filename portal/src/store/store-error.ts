/** The database cannot be opened or migrated: the portal refuses to start with this one-line message. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly code = 'DATABASE_UNAVAILABLE';
}

/**
 * A SQLite file asked for exclusively (db copy) is open in another process: a running portal, or another
 * passgate command. Nothing was read or written.
 */
export class DatabaseInUseError extends StoreError {
  override readonly name: string = 'DatabaseInUseError';
}
