import type { CliIo } from './cli-io.js';

export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/**
 * Each top-level command, loaded only when it runs. A command pulls in what it needs (the HTTP server,
 * the store's drivers, the Graph client, the extension kit); loading them all for every command cost a
 * `passgate` process ~90 MiB before it did anything, which a drift sweep or an import at 50,000 users
 * cannot spare (issue 12's 150 MB aim). `--help` lists the commands without loading any.
 */
export const CLI_COMMANDS: Readonly<Record<string, () => Promise<CliCommand>>> = {
  serve: async () => (await import('./serve-command.js')).serveCommand,
  users: async () => (await import('./users-command.js')).usersCommand,
  audit: async () => (await import('./audit-command.js')).auditCommand,
  tenants: async () => (await import('./tenants-command.js')).tenantsCommand,
  db: async () => (await import('./db-command.js')).dbCommand,
  extension: async () => (await import('./extension-command.js')).runExtensionCommand,
};

/** The command's loader, or undefined for a name that is no command (nor an inherited property). */
export function findCliCommand(name: string | undefined): (() => Promise<CliCommand>) | undefined {
  return name !== undefined && Object.hasOwn(CLI_COMMANDS, name) ? CLI_COMMANDS[name] : undefined;
}
