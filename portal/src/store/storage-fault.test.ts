import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { storageFault } from './storage-fault.js';

describe('storageFault()', () => {
  it('tells a full disk from a failing one, also when wrapped', () => {
    expect(storageFault(new SQLite.SqliteError('database or disk is full', 'SQLITE_FULL'))).toBe('full');
    expect(storageFault(new SQLite.SqliteError('disk I/O error', 'SQLITE_IOERR'))).toBe('io-error');
    expect(storageFault(new SQLite.SqliteError('disk I/O error', 'SQLITE_IOERR_SHORT_READ'))).toBe(
      'io-error',
    );
    const wrapped = new Error('saving the change failed', {
      cause: new SQLite.SqliteError('database or disk is full', 'SQLITE_FULL'),
    });
    expect(storageFault(wrapped)).toBe('full');
  });

  it('leaves every other error alone', () => {
    expect(storageFault(new SQLite.SqliteError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE'))).toBe(
      null,
    );
    expect(storageFault(new SQLite.SqliteError('database is locked', 'SQLITE_BUSY'))).toBe(null);
    expect(storageFault(new Error('boom'))).toBe(null);
    expect(storageFault(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(null);
    expect(storageFault(null)).toBe(null);
    expect(storageFault('SQLITE_FULL')).toBe(null);
  });
});
