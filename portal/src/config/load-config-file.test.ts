import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfigFile } from './load-config-file.js';

const KEY_VALUE = '9f3a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a';

const dirs: string[] = [];

async function configFile(text: string, name = 'passgate.yaml'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'passgate-config-'));
  dirs.push(dir);
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Everything the load could have printed: the yaml library warns through process.emitWarning. */
function captureOutput(): () => string {
  const printed: unknown[] = [];
  const capture = (...args: unknown[]): void => {
    printed.push(...args);
  };
  vi.spyOn(process, 'emitWarning').mockImplementation(capture as typeof process.emitWarning);
  vi.spyOn(console, 'warn').mockImplementation(capture);
  vi.spyOn(console, 'error').mockImplementation(capture);
  vi.spyOn(console, 'log').mockImplementation(capture);
  return () => printed.map((p) => (p instanceof Error ? `${p.name} ${p.message}` : String(p))).join('\n');
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadConfigFile()', () => {
  it('says why the file cannot be read in the words every file read uses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passgate-config-'));
    dirs.push(dir);
    const problems = async (path: string): Promise<unknown> =>
      ((await loadConfigFile(path, {}).catch((e: unknown) => e)) as ConfigError).problems;
    expect(await problems(join(dir, 'missing.yaml'))).toEqual([
      { field: '(file)', message: `${join(dir, 'missing.yaml')}: no such file` },
    ]);
    // A folder where the file should be: it was "cannot be read", which says nothing of why.
    expect(await problems(dir)).toEqual([
      { field: '(file)', message: `${dir}: is a folder, expected a file` },
    ]);
  });

  it('refuses an unknown YAML tag by line and column, printing nothing of the value', async () => {
    const printed = captureOutput();
    const file = await configFile(`publicUrl: https://p.example.com\nsecretKey: !vault ${KEY_VALUE}\n`);
    const error = await loadConfigFile(file, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { field: '(file)', message: expect.stringContaining('unknown YAML tag at line 2, column 12') },
    ]);
    expect((error as Error).message).not.toContain(KEY_VALUE.slice(0, 8));
    expect(printed()).not.toContain(KEY_VALUE.slice(0, 8));
  });

  it('gives the line and column of a YAML syntax error, never the line itself', async () => {
    const printed = captureOutput();
    const file = await configFile(`publicUrl: https://p.example.com\nsecretKey: "${KEY_VALUE}\n`);
    const error = await loadConfigFile(file, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/is not valid YAML at line \d+, column \d+ \([A-Z_]+\)/);
    expect((error as Error).message).not.toContain(KEY_VALUE.slice(0, 8));
    expect(printed()).not.toContain(KEY_VALUE.slice(0, 8));
  });

  it('refuses a logo or stylesheet that cannot be read, naming the field', async () => {
    const file = await configFile(
      `publicUrl: https://p.example.com\norganisation:\n  logoPath: missing-logo.png\nbranding:\n  cssFile: missing.css\n`,
    );
    const error = await loadConfigFile(file, { PASSGATE_SECRET_KEY: KEY_VALUE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.field)).toEqual([
      'organisation.logoPath',
      'branding.cssFile',
    ]);
  });
});
