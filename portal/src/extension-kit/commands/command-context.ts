import type { CliIo } from '../../cli/cli-io.js';
import type { ExtensionKitConfig } from '../extension-kit-config.js';

/** What every `passgate extension` subcommand gets: resolved config and the outside world. */
export interface CommandContext {
  io: CliIo;
  kit: ExtensionKitConfig;
  /** The portal's publicUrl from config, when there is a config. */
  publicUrl: string | undefined;
  organisationName: string | undefined;
  /** Every e-mail domain of the config's tenants (the default for the extension's tenantDomains). */
  tenantDomains: string[];
}
