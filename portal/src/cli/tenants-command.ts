import { parseArgs } from 'node:util';
import { createM365Client, M365Error } from '@passgate/core/graph';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { loadCliConfig } from './load-cli-config.js';

/** `passgate tenants check`: signs in to each tenant and reads one user, so a wrong secret or a missing permission shows before a user meets it. */
export async function tenantsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'check') throw new UsageError('expected: tenants check');
  const config = await loadCliConfig(values.config, io.env);
  if (config.tenants.length === 0) {
    io.out('no tenants configured: password changes stay in the portal');
    return 0;
  }
  let failures = 0;
  for (const tenant of config.tenants) {
    const client = createM365Client(tenant.graph);
    try {
      const result = await client.checkAccess();
      io.out(
        `ok      ${tenant.name} (${tenant.domains.join(', ')}): signed in to ${result.tenantId}, users readable`,
      );
    } catch (error) {
      failures += 1;
      const detail =
        error instanceof M365Error
          ? `${error.code}: ${error.message}${error.requestId ? ` (request-id ${error.requestId})` : ''}`
          : String(error);
      io.out(`FAILED  ${tenant.name} (${tenant.domains.join(', ')}): ${detail}`);
    } finally {
      await client.close();
    }
  }
  return failures === 0 ? 0 : 1;
}
