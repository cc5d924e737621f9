import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../../test-support/closed-port.js';
import { databaseUnavailable } from './store-error.js';

/** What node-postgres throws for a server that answered with an error (a SQLSTATE in `code`). */
function serverError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('databaseUnavailable()', () => {
  it('names what node-postgres throws when the server refuses the connection', async () => {
    const port = await closedPort();
    const client = new pg.Client({
      connectionString: `postgres://passgate:s3cret@127.0.0.1:${port}/passgate`,
    });
    const refused = await client.connect().then(
      () => null,
      (error: unknown) => error,
    );
    expect(databaseUnavailable(refused)).toEqual({ kind: 'unreachable', sign: 'ECONNREFUSED' });
  });

  it('names a server that shut down, crashed or is starting, and a connection that broke', () => {
    const terminated = serverError('57P01', 'terminating connection due to administrator command');
    expect(databaseUnavailable(terminated)).toEqual({ kind: 'unreachable', sign: '57P01' });
    expect(databaseUnavailable(serverError('57P03', 'the database system is starting up'))?.kind).toBe(
      'unreachable',
    );
    expect(databaseUnavailable(serverError('08006', 'connection failure'))?.kind).toBe('unreachable');
    expect(databaseUnavailable(new Error('Connection terminated unexpectedly'))).toEqual({
      kind: 'unreachable',
      sign: 'Connection terminated unexpectedly',
    });
    const socketGone = Object.assign(new Error('connect ENOENT /run/postgresql/.s.PGSQL.5432'), {
      code: 'ENOENT',
      syscall: 'connect',
    });
    expect(databaseUnavailable(socketGone)?.kind).toBe('unreachable');
  });

  it('names a database that is busy: too many connections, no pooled one free, a SQLite lock held too long', () => {
    expect(databaseUnavailable(serverError('53300', 'sorry, too many clients already'))).toEqual({
      kind: 'busy',
      sign: '53300',
    });
    expect(databaseUnavailable(new Error('timeout exceeded when trying to connect'))?.kind).toBe('busy');
    expect(databaseUnavailable(new SQLite.SqliteError('database is locked', 'SQLITE_BUSY'))).toEqual({
      kind: 'busy',
      sign: 'SQLITE_BUSY',
    });
    expect(
      databaseUnavailable(new SQLite.SqliteError('database is locked', 'SQLITE_BUSY_SNAPSHOT'))?.kind,
    ).toBe('busy');
  });

  it('names a SQLite file that cannot be opened, also when wrapped', () => {
    const cantOpen = new SQLite.SqliteError('unable to open database file', 'SQLITE_CANTOPEN');
    expect(databaseUnavailable(cantOpen)).toEqual({ kind: 'unreachable', sign: 'SQLITE_CANTOPEN' });
    const wrapped = new Error('reading the account failed', { cause: cantOpen });
    expect(databaseUnavailable(wrapped)?.kind).toBe('unreachable');
  });

  it('leaves bugs, refusals and disk faults alone', () => {
    expect(
      databaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toBeNull();
    expect(
      databaseUnavailable(
        new SQLite.SqliteError('UNIQUE constraint failed: users.email', 'SQLITE_CONSTRAINT_UNIQUE'),
      ),
    ).toBeNull();
    expect(
      databaseUnavailable(serverError('23505', 'duplicate key value violates unique constraint')),
    ).toBeNull();
    expect(databaseUnavailable(serverError('40P01', 'deadlock detected'))).toBeNull();
    expect(databaseUnavailable(serverError('08P01', 'invalid message format'))).toBeNull();
    expect(databaseUnavailable(serverError('42P01', 'relation "users" does not exist'))).toBeNull();
    // Same connection, a statement still running: a bug, not another process's lock.
    expect(
      databaseUnavailable(new SQLite.SqliteError('database table is locked', 'SQLITE_LOCKED')),
    ).toBeNull();
    // storageFault's (SAVE_FAILED), not this.
    expect(databaseUnavailable(new SQLite.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'))).toBeNull();
    expect(databaseUnavailable(new SQLite.SqliteError('database or disk is full', 'SQLITE_FULL'))).toBeNull();
    const missingFile = Object.assign(new Error("ENOENT: no such file or directory, open 'logo.png'"), {
      code: 'ENOENT',
      syscall: 'open',
    });
    expect(databaseUnavailable(missingFile)).toBeNull();
    expect(databaseUnavailable(new Error('constructor'))).toBeNull();
    expect(databaseUnavailable({ code: 'ECONNREFUSED' })).toBeNull();
    expect(databaseUnavailable('SQLITE_BUSY')).toBeNull();
    expect(databaseUnavailable(null)).toBeNull();
  });

  it('leaves a browser that went away mid-upload alone: an ECONNRESET with no system call', () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    expect(databaseUnavailable(aborted)).toBeNull();
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
    expect(databaseUnavailable(reset)).toEqual({ kind: 'unreachable', sign: 'ECONNRESET' });
  });

  it('leaves another service that cannot be reached alone (Microsoft, mail): it arrives wrapped', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    const transport = new Error('could not reach graph.microsoft.com (ECONNREFUSED)', { cause: socket });
    expect(databaseUnavailable(transport)).toBeNull();
    expect(databaseUnavailable(new TypeError('fetch failed', { cause: socket }))).toBeNull();
  });
});
