import type { Env } from '../config/parse-config.js';
import { loadConfigFile, type PortalConfig } from '../config/portal-config.js';
import { UsageError } from './cli-error.js';

/** The config named by --config, or by PASSGATE_CONFIG. */
export async function loadCliConfig(path: string | undefined, env: Env): Promise<PortalConfig> {
  const file = path ?? env.PASSGATE_CONFIG;
  if (file === undefined || file === '') {
    throw new UsageError('expected --config FILE (or PASSGATE_CONFIG); see docs/admin.md for the format');
  }
  return loadConfigFile(file, env);
}
