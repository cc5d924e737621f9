import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FILE_ERROR_WORDS, writeErrorWords } from '@passgate/core/files';

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

/**
 * Why it failed, in words a person can act on (the errno code follows them, for searching): core's
 * table of file-error words, with what only the path can tell (which folder is missing, which file
 * stands where a folder should be).
 */
function reason({ code, syscall }: FileSystemError, path: string): string {
  switch (code) {
    case 'ENOENT': {
      const folder = dirname(path);
      return isFolder(folder)
        ? FILE_ERROR_WORDS.ENOENT.write
        : `the folder ${folder} does not exist; create it, or choose a path in a folder that does`;
    }
    case 'EEXIST':
      // mkdir of a folder on the way to the file, where a file of that name is.
      return syscall === 'mkdir'
        ? 'it is a file, not a folder; choose a path in a folder'
        : FILE_ERROR_WORDS.EEXIST.write;
    case 'ENOTDIR':
      return `${nearestExisting(path)} is a file, not a folder; choose a path in a folder`;
    default:
      return writeErrorWords(code) ?? `${syscall} failed`;
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
