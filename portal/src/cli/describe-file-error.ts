import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A failed file-system call as Node reports it: an errno code, the call, and the path it was given. */
interface FileSystemError {
  code: string;
  syscall: string;
  path: string;
}

function isFileSystemError(error: unknown): error is FileSystemError {
  const { code, syscall, path } = (error ?? {}) as Partial<Record<string, unknown>>;
  return (
    typeof code === 'string' &&
    /^E[A-Z]+$/.test(code) &&
    typeof syscall === 'string' &&
    typeof path === 'string'
  );
}

/** The nearest path above `path` that exists: for ENOTDIR, the file standing where a folder should be. */
function nearestExisting(path: string): string {
  let at = dirname(path);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Why it failed, in words a person can act on (the errno code follows them, for searching). */
function reason({ code, syscall }: FileSystemError, path: string): string {
  switch (code) {
    case 'ENOENT': {
      const folder = dirname(path);
      return isFolder(folder)
        ? 'it does not exist'
        : `the folder ${folder} does not exist; create it, or choose a path in a folder that does`;
    }
    case 'EEXIST':
      // mkdir of a folder on the way to the file, where a file of that name is.
      return syscall === 'mkdir'
        ? 'it is a file, not a folder; choose a path in a folder'
        : 'it exists already; choose a new name';
    case 'ENOTDIR':
      return `${nearestExisting(path)} is a file, not a folder; choose a path in a folder`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the account running passgate may not write there; run it as the account that owns the folder, or choose another path';
    case 'EISDIR':
      return 'it is a folder; give the path of a file in it';
    case 'EROFS':
      return 'the file system is read-only; choose a path on a writable one';
    case 'ENOSPC':
      return 'the disk is full; free some space or choose another disk';
    case 'EDQUOT':
      return "the account's disk quota is used up";
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'it goes through too many symbolic links (a loop?)';
    default:
      return `${syscall} failed`;
  }
}

/**
 * One line for a file the command could not create or write (a missing folder, no permission, a file
 * where a folder should be), naming the path and the cause with its errno code; null when `error` is
 * no file-system error (the caller lets it through).
 */
export function describeFileError(error: unknown): string | null {
  if (!isFileSystemError(error)) return null;
  const path = resolve(error.path);
  return `${path}: ${reason(error, path)} (${error.code})`;
}
