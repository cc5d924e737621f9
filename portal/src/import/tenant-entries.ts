import type { CallOptions, M365Client } from '@passgate/core/graph';
import { classifyTenantUser } from './classify-entry.js';
import type { ImportEntry } from './import-entry.js';

/** The tenant's users as import entries, streamed page by page from Microsoft Graph. */
export async function* tenantEntries(
  client: M365Client,
  domains: ReadonlySet<string>,
  options?: CallOptions,
): AsyncIterable<ImportEntry> {
  for await (const user of client.listAllUsers(options)) yield classifyTenantUser(user, domains);
}
