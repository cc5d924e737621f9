/**
 * What kind of database the config names, without loading either driver: the store loads only the
 * driver it needs (open-store.ts), so a SQLite portal never loads pg and a PostgreSQL one never loads
 * better-sqlite3.
 */

/** True for a `postgres://` or `postgresql://` URL (anything else is a SQLite path). */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/** The URL as it may be shown: never the password. */
export function redactedDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
