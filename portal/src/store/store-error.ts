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

/**
 * The database cannot serve a request right now: `unreachable` (the server is down, restarting or cut
 * off; the SQLite file cannot be opened) or `busy` (a lock held past busy_timeout, no connection free).
 * `sign` is what matched: a driver's code or one of node-postgres's fixed messages, never the error's
 * own text, so it can be logged as is (a message may carry a host name; a URL, a password).
 */
export interface DatabaseUnavailable {
  kind: 'unreachable' | 'busy';
  sign: string;
}

/** node-postgres's own errors for a connection that broke or never came; they carry no code. */
const POSTGRES_LOST: ReadonlyMap<string, DatabaseUnavailable['kind']> = new Map([
  ['Connection terminated unexpectedly', 'unreachable'],
  ['Connection terminated due to connection timeout', 'unreachable'],
  ['Client has encountered a connection error and is not queryable', 'unreachable'],
  // pg-pool: every connection stayed in use for connectionTimeoutMillis.
  ['timeout exceeded when trying to connect', 'busy'],
]);

/** Node's socket errors, as node-postgres passes them on when it cannot connect (ENOENT: its Unix socket is gone). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs that say the server cannot take the query (https://www.postgresql.org/docs/current/errcodes-appendix.html):
 * class 08 (connection exception) but 08P01 (a protocol violation is a bug), 57P01–57P03 (shut down by an
 * admin, crashed, starting up or shutting down), 53300 (too many connections).
 */
function postgresKind(code: string): DatabaseUnavailable['kind'] | null {
  if (code === '53300') return 'busy';
  if (/^08[0-9]{3}$/.test(code) || ['57P01', '57P02', '57P03'].includes(code)) return 'unreachable';
  return null;
}

/** better-sqlite3 puts the extended result code in `code` (SQLITE_BUSY_SNAPSHOT, SQLITE_CANTOPEN_ISDIR …). */
function sqliteKind(code: string): DatabaseUnavailable['kind'] | null {
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) return 'busy';
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) return 'unreachable';
  return null;
}

function stringField(error: unknown, field: 'code' | 'syscall'): string | undefined {
  const value = (error as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The one place that tells "the database is unavailable" from any other error (the web layer answers it
 * 503 with Retry-After). Driver codes are looked for also where the error was wrapped as another's cause;
 * socket errors and node-postgres's messages only on the error itself, as the store's drivers throw them:
 * a Graph or mail connection that failed arrives wrapped (TransportError …), and is not the database.
 * A full or failing disk is storageFault's (SAVE_FAILED), a constraint or a bug is neither: null.
 */
export function databaseUnavailable(error: unknown): DatabaseUnavailable | null {
  if (!(error instanceof Error)) return null;
  const code = stringField(error, 'code');
  // A socket's own error names its system call (AggregateError: every address of a name refused); a
  // browser's request body cut off mid-upload is an ECONNRESET without one, and is not the database.
  const syscall = stringField(error, 'syscall') ?? (error instanceof AggregateError ? 'connect' : undefined);
  if (code !== undefined && syscall !== undefined && SOCKET_CODES.has(code))
    return { kind: 'unreachable', sign: code };
  if (code === 'ENOENT' && syscall === 'connect') return { kind: 'unreachable', sign: code };
  const lost = code === undefined ? POSTGRES_LOST.get(error.message) : undefined;
  if (lost !== undefined) return { kind: lost, sign: error.message };
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && current !== undefined; depth += 1) {
    const driverCode = stringField(current, 'code');
    const kind =
      driverCode === undefined
        ? null
        : driverCode.startsWith('SQLITE_')
          ? sqliteKind(driverCode)
          : postgresKind(driverCode);
    if (kind !== null && driverCode !== undefined) return { kind, sign: driverCode };
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
