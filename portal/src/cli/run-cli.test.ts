import { describe, expect, it, vi } from 'vitest';
import type { CliIo } from './cli-io.js';

// Each command module, replaced by a stand-in that notes when it was loaded: the point is which
// modules a run loads, not what the commands do (their own tests cover that).
const loaded = vi.hoisted(() => new Set<string>());
const standIn = (name: string, exportName: string) => {
  loaded.add(name);
  return { [exportName]: async (args: string[]) => (args[0] === 'fail' ? 3 : 0) };
};
vi.mock('./serve-command.js', () => standIn('serve', 'serveCommand'));
vi.mock('./users-command.js', () => standIn('users', 'usersCommand'));
vi.mock('./audit-command.js', () => standIn('audit', 'auditCommand'));
vi.mock('./tenants-command.js', () => standIn('tenants', 'tenantsCommand'));
vi.mock('./db-command.js', () => standIn('db', 'dbCommand'));
vi.mock('./extension-command.js', () => standIn('extension', 'runExtensionCommand'));

const { CLI_COMMANDS } = await import('./cli-commands.js');
const { runCli } = await import('./run-cli.js');

function io(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    env: {},
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    stdin: process.stdin,
    lines,
    errors,
  };
}

describe('runCli()', () => {
  it('lists every command in --help without loading any of them', async () => {
    const cli = io();
    expect(await runCli(['--help'], cli)).toBe(0);
    const help = cli.lines.join('\n');
    for (const name of Object.keys(CLI_COMMANDS)) expect(help).toContain(`passgate ${name} `);
    expect([...loaded]).toEqual([]);
  });

  it('loads only the command that runs, and returns its exit code', async () => {
    expect(await runCli(['db', 'fail'], io())).toBe(3);
    expect([...loaded]).toEqual(['db']);
    expect(await runCli(['users', 'list'], io())).toBe(0);
    expect([...loaded].sort()).toEqual(['db', 'users']);
  });

  it('refuses a name that is no command, even one every object has, with the usage and exit code 2', async () => {
    for (const name of ['frobnicate', 'toString', 'constructor']) {
      const cli = io();
      expect(await runCli([name], cli)).toBe(2);
      expect(cli.errors.join('\n')).toContain('Usage:');
    }
  });
});
