import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { describeFileError } from './describe-file-error.js';
import { runExtensionCommand } from './extension-command.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-file-errors-'));
  await writeFile(join(dir, 'a-file'), 'not a folder\n');
  await mkdir(join(dir, 'a-folder'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function extension(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env: {},
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: process.stdin,
  };
  // The config is given, so none is read: only the file the subcommand writes can fail.
  const code = await runExtensionCommand(args, io, {});
  return { code, out, err };
}

describe('passgate extension policy|keygen --out FILE, when FILE cannot be written', () => {
  it('policy: one line naming the path and the cause, exit 1, no stack', async () => {
    const policy = ['policy', '--windows-sign-in', '--format', 'reg', '--out'];
    const missing = join(dir, 'no-such-folder', 'sign-in.reg');
    expect(await extension([...policy, missing])).toEqual({
      code: 1,
      out: [],
      err: [
        `passgate extension policy: ${missing}: the folder ${join(dir, 'no-such-folder')} does not exist; create it, or choose a path in a folder that does (ENOENT)`,
      ],
    });
    expect(await extension([...policy, join(dir, 'a-folder')])).toMatchObject({
      code: 1,
      err: [
        `passgate extension policy: ${join(dir, 'a-folder')}: it is a folder; give the path of a file in it (EISDIR)`,
      ],
    });
    expect(await extension([...policy, join(dir, 'a-file', 'sign-in.reg')])).toMatchObject({
      code: 1,
      err: [
        `passgate extension policy: ${join(dir, 'a-file', 'sign-in.reg')}: ${join(dir, 'a-file')} is a file, not a folder; choose a path in a folder (ENOTDIR)`,
      ],
    });
  });

  it('keygen: one line naming the path and the cause, exit 1, and no key written', async () => {
    expect(await extension(['keygen', '--out', join(dir, 'a-file', 'key.pem')])).toEqual({
      code: 1,
      out: [],
      err: [
        `passgate extension keygen: ${join(dir, 'a-file')}: it is a file, not a folder; choose a path in a folder (EEXIST)`,
      ],
    });
    expect(await extension(['keygen', '--out', join(dir, 'a-file', 'deeper', 'key.pem')])).toMatchObject({
      code: 1,
      err: [
        `passgate extension keygen: ${join(dir, 'a-file', 'deeper')}: ${join(dir, 'a-file')} is a file, not a folder; choose a path in a folder (ENOTDIR)`,
      ],
    });
    expect(existsSync(join(dir, 'a-file', 'key.pem'))).toBe(false);
  });
});

describe('describeFileError()', () => {
  const failure = (code: string, syscall = 'open') =>
    Object.assign(new Error(`${code}: …`), { code, syscall, path: join(dir, 'out.json') });

  it('says what to do for the errors a person meets writing a file', () => {
    expect(describeFileError(failure('EACCES'))).toBe(
      `${join(dir, 'out.json')}: permission denied: the account running passgate may not write there; run it as the account that owns the folder, or choose another path (EACCES)`,
    );
    expect(describeFileError(failure('EROFS'))).toMatch(/: the file system is read-only; .* \(EROFS\)$/);
    expect(describeFileError(failure('ENOSPC'))).toMatch(/: the disk is full; .* \(ENOSPC\)$/);
    expect(describeFileError(failure('EEXIST'))).toMatch(
      /: it exists already; choose a new name \(EEXIST\)$/,
    );
    expect(describeFileError(failure('EMFILE'))).toMatch(/out\.json: open failed \(EMFILE\)$/);
  });

  it('leaves alone what is not a file-system error', () => {
    expect(describeFileError(new Error('boom'))).toBeNull();
    expect(
      describeFileError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED', syscall: 'connect' })),
    ).toBeNull();
    expect(describeFileError(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBeNull();
    expect(describeFileError(undefined)).toBeNull();
  });
});
