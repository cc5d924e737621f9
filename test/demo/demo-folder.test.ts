import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MARKER, prepareDemoFolder } from './demo-folder.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-demo-folder-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prepareDemoFolder()', () => {
  it('creates a missing folder and marks it as the demo’s', async () => {
    const folder = join(dir, '.passgate', 'demo');
    expect(await prepareDemoFolder(folder)).toEqual({ ok: true });
    expect(await readdir(folder)).toEqual([DEMO_MARKER]);
  });

  it('takes an empty folder', async () => {
    expect(await prepareDemoFolder(dir)).toEqual({ ok: true });
    expect(await readdir(dir)).toEqual([DEMO_MARKER]);
  });

  it('clears a folder it made at every start: fresh demo data', async () => {
    await prepareDemoFolder(dir);
    await writeFile(join(dir, 'passgate.sqlite'), 'last run');
    await mkdir(join(dir, 'mail'));
    await writeFile(join(dir, 'mail', 'welcome.eml'), 'last run');
    expect(await prepareDemoFolder(dir)).toEqual({ ok: true });
    expect(await readdir(dir)).toEqual([DEMO_MARKER]);
  });

  it('clears the default folder of a demo from before the marker', async () => {
    for (const file of ['config.json', 'passgate.sqlite', 'passgate.sqlite-wal', 'emulator-ca.pem'])
      await writeFile(join(dir, file), 'earlier demo');
    await mkdir(join(dir, 'mail'));
    expect(await prepareDemoFolder(dir, { isDefault: true })).toEqual({ ok: true });
    expect(await readdir(dir)).toEqual([DEMO_MARKER]);
  });

  it('refuses a folder laid out like a real install (a JSON config beside its database) given with --data', async () => {
    for (const file of ['config.json', 'passgate.sqlite', 'passgate.sqlite-wal', 'passgate.sqlite-shm'])
      await writeFile(join(dir, file), 'production');
    expect((await prepareDemoFolder(dir)).ok).toBe(false);
    expect((await readdir(dir)).sort()).toEqual([
      'config.json',
      'passgate.sqlite',
      'passgate.sqlite-shm',
      'passgate.sqlite-wal',
    ]);
  });

  it('refuses a folder that holds anything it did not make, and leaves it as it was', async () => {
    await writeFile(join(dir, 'thesis.odt'), 'years of work');
    // Names the demo writes too, beside one it does not: still someone else's folder.
    await writeFile(join(dir, 'config.json'), '{}');
    await writeFile(join(dir, 'passgate.sqlite'), 'not the demo’s');
    const refused = await prepareDemoFolder(dir);
    expect(refused).toEqual({
      ok: false,
      message: `--data ${dir} is not empty and was not made by the demo, which deletes its folder's contents at every start; give it a new or empty folder`,
    });
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'passgate.sqlite', 'thesis.odt']);
    expect(await readFile(join(dir, 'thesis.odt'), 'utf8')).toBe('years of work');
  });

  it('refuses a folder holding only a config.json (a project folder, not a demo)', async () => {
    await writeFile(join(dir, 'config.json'), '{}');
    expect((await prepareDemoFolder(dir)).ok).toBe(false);
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('refuses a path that is a file', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'keep me');
    expect(await prepareDemoFolder(file)).toEqual({
      ok: false,
      message: `--data ${file} is not a folder; give the demo a new or empty folder`,
    });
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });
});
