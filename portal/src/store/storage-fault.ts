/** Why the database could not take a write: its disk (or max_page_count) is full, or the disk failed. */
export type StorageFault = 'full' | 'io-error';

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The one place that tells a storage fault from any other error: SQLITE_FULL and every SQLITE_IOERR_*
 * (better-sqlite3 puts the extended code in `code`), also when wrapped as another error's cause. Such a
 * fault is the server's condition, not the request's: the web layer answers it with SAVE_FAILED (503).
 */
export function storageFault(error: unknown): StorageFault | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && current !== undefined; depth += 1) {
    const code = sqliteCode(current);
    if (code === 'SQLITE_FULL') return 'full';
    if (code === 'SQLITE_IOERR' || code?.startsWith('SQLITE_IOERR_')) return 'io-error';
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
