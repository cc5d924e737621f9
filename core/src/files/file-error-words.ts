/** What a failed file-system call met, in words: `read` for a file read, `write` for one created or written. */
export interface FileErrorWords {
  /** Follows "cannot read PATH: " or "PATH: ". */
  read?: string;
  /** Follows "PATH: "; the errno code is added after it, in brackets, for searching. */
  write?: string;
}

const NO_PERMISSION: FileErrorWords = {
  read: "not readable by the portal's user",
  write:
    'permission denied: the account running passgate may not write there; run it as the account that owns the folder, or choose another path',
};

function both(words: string): FileErrorWords {
  return { read: words, write: words };
}

/**
 * The one table of words for the errno codes a person meets when Passgate reads a file (a certificate,
 * a secret given as a file) or writes one (a policy, a key, a backup), by code: an error reads the same
 * wherever it is met. Words that depend on the path (which folder is missing, which file stands where a
 * folder should be) are the writer's to add (portal/src/cli/describe-file-error.ts).
 */
export const FILE_ERROR_WORDS = {
  ENOENT: { read: 'no such file', write: 'it does not exist' },
  EACCES: NO_PERMISSION,
  EPERM: NO_PERMISSION,
  EISDIR: { read: 'is a folder, expected a file', write: 'it is a folder; give the path of a file in it' },
  EEXIST: { write: 'it exists already; choose a new name' },
  EROFS: { write: 'the file system is read-only; choose a path on a writable one' },
  ENOSPC: { write: 'the disk is full; free some space or choose another disk' },
  EDQUOT: { write: "the account's disk quota is used up" },
  ENAMETOOLONG: both('the path is too long'),
  ELOOP: both('it goes through too many symbolic links (a loop?)'),
} as const satisfies Record<string, FileErrorWords>;

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function wordsFor(code: string | undefined): FileErrorWords | undefined {
  return code !== undefined && Object.hasOwn(FILE_ERROR_WORDS, code)
    ? FILE_ERROR_WORDS[code as keyof typeof FILE_ERROR_WORDS]
    : undefined;
}

/** Why a file could not be read, to follow "cannot read PATH: " or "PATH: "; never the file's content. */
export function describeReadError(error: unknown): string {
  const code = errnoCode(error);
  return wordsFor(code)?.read ?? `cannot be read (${code ?? 'unknown error'})`;
}

/** Why a file could not be created or written, to follow "PATH: "; undefined for a code the table lacks. */
export function writeErrorWords(code: string): string | undefined {
  return wordsFor(code)?.write;
}
