import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import type SQLite from 'better-sqlite3';

/** Owner read and write only, like the database itself: a backup holds the same hashes and sealed passwords. */
const PRIVATE_MODE = 0o600;

/** All remaining pages in one step: a step that sees a consistent snapshot never has to start over. */
const ALL_PAGES = 0x7fffffff;

export type BackupOutcome =
  | { status: 'written'; pages: number }
  | { status: 'refused'; reason: 'exists' | 'no_folder' };

/**
 * Copies the live database into `file` with SQLite's online backup API: the portal may keep running and
 * writing (https://www.sqlite.org/backup.html). The file is created 0600 before SQLite opens it (its
 * journal takes that mode too) and never replaces an existing one; a failed copy is removed.
 */
export async function backupSqlite(sqlite: SQLite.Database, file: string): Promise<BackupOutcome> {
  // A -wal or -journal left beside the name would be read as part of the new file.
  if ([file, `${file}-wal`, `${file}-journal`].some((f) => existsSync(f)))
    return { status: 'refused', reason: 'exists' };
  try {
    // 'wx': created here and now, or refused if it appeared meanwhile; never truncates another file.
    closeSync(openSync(file, 'wx', PRIVATE_MODE));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { status: 'refused', reason: 'exists' };
    if (code === 'ENOENT') return { status: 'refused', reason: 'no_folder' };
    throw error;
  }
  try {
    const { totalPages } = await sqlite.backup(file, { progress: () => ALL_PAGES });
    return { status: 'written', pages: totalPages };
  } catch (error) {
    rmSync(file, { force: true });
    rmSync(`${file}-journal`, { force: true });
    throw error;
  }
}
