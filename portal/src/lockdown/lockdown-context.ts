import type { CallOptions, M365AccessClaims, M365Client } from '@passgate/core/graph';
import type { Kysely } from 'kysely';
import type { PortalConfig, TenantConfig } from '../config/portal-config.js';
import type { Database } from '../store/database-schema.js';

/** What each lockdown step works with. */
export interface LockdownContext {
  client: M365Client;
  db: Kysely<Database>;
  config: PortalConfig;
  tenant: TenantConfig;
  claims: M365AccessClaims;
  apply: boolean;
  now: () => Date;
  correlationId: string;
  calls: CallOptions;
}

/** Lockdown is an admin's action from the command line. */
export const LOCKDOWN_ACTOR = { type: 'admin' as const, id: 'cli' };
