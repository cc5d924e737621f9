import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { rawHttps } from './raw-https.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

function waitForLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const lines = text.split('\n').filter(Boolean);
      if (lines.length >= count) resolve(lines);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${text}`)));
  });
}

describe('the emulator CLI', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
  });

  it('starts standalone, prints its origin and CA path, and seeds only when asked', async () => {
    child = spawn(process.execPath, ['--import', tsx, cli, '--demo'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = await waitForLines(child, 5);
    const origin = /listening on (https:\/\/\S+)/.exec(lines[0] ?? '')?.[1] ?? '';
    const caPath = /CA certificate: (\S+)/.exec(lines[1] ?? '')?.[1] ?? '';
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(caPath, 'utf8');
    const state = await rawHttps('GET', `${origin}/_emulator/api/state`, ca);
    expect((state.json as { tenants: { name: string }[] }).tenants.map((t) => t.name)).toEqual(['Contoso']);
    expect(lines.some((l) => l.startsWith('App: {"tenantId"'))).toBe(true);
  });

  it('starts empty without --demo', async () => {
    child = spawn(process.execPath, ['--import', tsx, cli], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = await waitForLines(child, 4);
    const origin = /listening on (https:\/\/\S+)/.exec(lines[0] ?? '')?.[1] ?? '';
    const ca = readFileSync(/CA certificate: (\S+)/.exec(lines[1] ?? '')?.[1] ?? '', 'utf8');
    const state = await rawHttps('GET', `${origin}/_emulator/api/state`, ca);
    expect(state.json).toMatchObject({ tenants: [] });
  });
});
