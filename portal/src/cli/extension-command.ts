import { parseArgs } from 'node:util';
import { ConfigError } from '../config/portal-config.js';
import type { CommandContext } from '../extension-kit/commands/command-context.js';
import { keygenCommand } from '../extension-kit/commands/keygen-command.js';
import { packCommand } from '../extension-kit/commands/pack-command.js';
import { policyCommand } from '../extension-kit/commands/policy-command.js';
import { settingsCommand } from '../extension-kit/commands/settings-command.js';
import {
  type ExtensionKitConfigInput,
  extensionKitConfigSchema,
} from '../extension-kit/extension-kit-config.js';
import { ExtensionKitError } from '../extension-kit/extension-kit-error.js';
import type { CliIo } from './cli-io.js';
import { describeFileError } from './describe-file-error.js';
import { coverageCommand } from './extension-coverage-command.js';
import { EXTENSION_USAGE } from './extension-usage.js';
import { loadCliConfig } from './load-cli-config.js';

export { EXTENSION_USAGE };

/** What main.ts may pass when it has already loaded the config. */
export interface ExtensionCommandConfig {
  publicUrl?: string;
  organisation?: { name?: string };
  tenants?: readonly { domains?: readonly string[] }[];
  extension?: ExtensionKitConfigInput;
}

const SUBCOMMANDS: Record<string, (args: string[], ctx: CommandContext) => Promise<number>> = {
  keygen: keygenCommand,
  pack: packCommand,
  policy: policyCommand,
  settings: settingsCommand,
  coverage: coverageCommand,
};

async function loadConfig(
  args: string[],
  io: CliIo,
  given?: ExtensionCommandConfig,
): Promise<ExtensionCommandConfig> {
  if (given !== undefined) return given;
  const { values } = parseArgs({ args, options: { config: { type: 'string' } }, strict: false });
  const file = typeof values.config === 'string' ? values.config : io.env.PASSGATE_CONFIG;
  if (file === undefined || file === '') return {};
  return (await loadCliConfig(file, io.env)) as ExtensionCommandConfig;
}

/**
 * `passgate extension keygen|pack|policy|settings …`. Returns the exit code: 0 done, 1 refused
 * (message with a stable code, or a file it cannot write: path, cause and errno code), 2 usage, 78 bad
 * config. Never prints key material.
 */
export async function runExtensionCommand(
  argv: string[],
  io: CliIo,
  config?: ExtensionCommandConfig,
): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : SUBCOMMANDS[name];
  if (command === undefined) {
    const help = name === undefined || name === '--help' || name === 'help';
    (help ? io.out : io.err)(EXTENSION_USAGE);
    return help ? 0 : 2;
  }
  try {
    const loaded = await loadConfig(args, io, config);
    const kit = extensionKitConfigSchema.safeParse(loaded.extension ?? {});
    if (!kit.success) {
      const problems = kit.error.issues.map((issue) => `extension.${issue.path.join('.')}: ${issue.message}`);
      io.err(`passgate extension: the config's extension section is invalid: ${problems.join('; ')}`);
      return 78;
    }
    return await command(args, {
      io,
      kit: kit.data,
      publicUrl: loaded.publicUrl,
      organisationName: loaded.organisation?.name,
      tenantDomains: (loaded.tenants ?? []).flatMap((tenant) => tenant.domains ?? []),
    });
  } catch (error) {
    if (error instanceof ExtensionKitError) {
      io.err(`passgate extension ${name}: ${error.code}: ${error.message}`);
      return 1;
    }
    // A file the subcommand writes (policy --out, keygen's key): one line, never a stack.
    const fileProblem = describeFileError(error);
    if (fileProblem !== null) {
      io.err(`passgate extension ${name}: ${fileProblem}`);
      return 1;
    }
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 78;
    }
    if (
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ||
      (error as Error).name === 'UsageError'
    ) {
      io.err(`passgate extension ${name}: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}
