/** The database cannot be opened or migrated: the portal refuses to start with this one-line message. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code = 'DATABASE_UNAVAILABLE';
}
