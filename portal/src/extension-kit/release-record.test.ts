import { link, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReleaseRecord, readReleaseRecord, writeReleaseRecord } from './release-record.js';

const FIRST: ReleaseRecord = {
  extensionId: 'a'.repeat(32),
  version: '1.0.0',
  crxSha256: '0'.repeat(64),
  geckoId: null,
  firefoxVersion: null,
  packedAt: '2026-01-01T00:00:00.000Z',
};
const SECOND: ReleaseRecord = { ...FIRST, version: '1.0.1', crxSha256: '1'.repeat(64) };

describe('writeReleaseRecord()', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'passgate-release-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a record that reads back', async () => {
    await writeReleaseRecord(dir, FIRST);
    expect(await readReleaseRecord(dir)).toEqual(FIRST);
  });

  it('replaces the file whole instead of rewriting it in place, leaving no temporary file', async () => {
    await writeReleaseRecord(dir, FIRST);
    // A second name for the old file: an in-place rewrite would change what it shows too, which is
    // what a reader polling updates.xml mid-pack would see half of.
    const before = join(dir, 'before.json');
    await link(join(dir, 'release.json'), before);
    await writeReleaseRecord(dir, SECOND);
    expect(JSON.parse(await readFile(before, 'utf8'))).toEqual(FIRST);
    expect(await readReleaseRecord(dir)).toEqual(SECOND);
    expect((await readdir(dir)).sort()).toEqual(['before.json', 'release.json']);
  });
});
