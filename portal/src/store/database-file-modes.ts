import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import { StoreError } from './store-error.js';

/** Owner read and write only: the file holds password hashes and sealed passwords. */
const PRIVATE_MODE = 0o600;

/** The database and the two files SQLite keeps beside it in WAL mode. */
function databaseFiles(path: string): string[] {
  return [path, `${path}-wal`, `${path}-shm`];
}

/**
 * Creates an empty database file readable by its owner only, unless it exists. SQLite creates -wal and
 * -shm with the mode of the main file (https://www.sqlite.org/tempfiles.html), so creating this one
 * 0600 before SQLite opens it keeps all three private whatever the umask.
 */
export function createPrivateDatabaseFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', PRIVATE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
}

/**
 * Sets the database, -wal and -shm files that exist to 0600 if group or others may use them, with a
 * warning. Tightened rather than refused: every database made before this check was created 0644 by
 * Passgate itself, and no setup needs another account to read password hashes (a backup tool runs as
 * the portal's user or as root). A file the portal's user cannot chmod (not its owner) is refused.
 */
export function tightenDatabaseFileModes(path: string, logger: Logger): void {
  for (const file of databaseFiles(path)) {
    let mode: number;
    try {
      mode = statSync(file).mode & 0o777;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if ((mode & 0o077) === 0) continue;
    try {
      chmodSync(file, PRIVATE_MODE);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new StoreError(
        `database: ${file} can be read by other accounts (mode ${mode.toString(8)}) and cannot be changed (${reason}); run chmod 600 on it as its owner`,
      );
    }
    logger.warn(
      { file, from: mode.toString(8), to: PRIVATE_MODE.toString(8) },
      'database file was readable by other accounts: its mode is now 600 (owner only)',
    );
  }
}
