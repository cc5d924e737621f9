import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeReadError, writeErrorWords } from './file-error-words.js';

const dir = mkdtempSync(join(tmpdir(), 'passgate-file-words-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What reading `path` threw. */
function readFailure(path: string): unknown {
  try {
    readFileSync(path, 'utf8');
  } catch (error) {
    return error;
  }
  throw new Error(`${path} was read`);
}

const failure = (code: string) => Object.assign(new Error(`${code}: …`), { code });

describe('describeReadError()', () => {
  it('says what reading met, for a missing file, a folder and a symbolic-link loop', () => {
    expect(describeReadError(readFailure(join(dir, 'missing.pem')))).toBe('no such file');
    expect(describeReadError(readFailure(dir))).toBe('is a folder, expected a file');
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    expect(describeReadError(readFailure(join(dir, 'loop')))).toBe(
      'it goes through too many symbolic links (a loop?)',
    );
  });

  it("names the portal's user for a file it may not read, whichever code the system gives", () => {
    expect(describeReadError(failure('EACCES'))).toBe("not readable by the portal's user");
    expect(describeReadError(failure('EPERM'))).toBe("not readable by the portal's user");
  });

  it('gives the errno code for any other failure, and says when there is none', () => {
    expect(describeReadError(failure('EMFILE'))).toBe('cannot be read (EMFILE)');
    expect(describeReadError(new Error('boom'))).toBe('cannot be read (unknown error)');
    expect(describeReadError(undefined)).toBe('cannot be read (unknown error)');
    // A name an object has from its prototype is no errno code.
    expect(describeReadError(failure('toString'))).toBe('cannot be read (toString)');
  });
});

describe('writeErrorWords()', () => {
  it('has words for the errors a person meets writing a file, and none for the others', () => {
    expect(writeErrorWords('ENOSPC')).toBe('the disk is full; free some space or choose another disk');
    expect(writeErrorWords('EPERM')).toBe(writeErrorWords('EACCES'));
    expect(writeErrorWords('EMFILE')).toBeUndefined();
    expect(writeErrorWords('constructor')).toBeUndefined();
  });
});
