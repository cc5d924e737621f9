import type { Kysely, Migration } from 'kysely';

/**
 * Issue 10: when Microsoft 365 throttles a tenant (429 with Retry-After), every portal instance must
 * hold off until the pause ends, not only the one that was told: a process firing into a bucket known
 * to be empty only earns more 429s. The pause's end (epoch ms) lives on the tenant's health row, one
 * row per tenant, so each claim round reads it with one cheap statement. Null: never paused.
 */
export const tenantPause: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('tenant_health').addColumn('paused_until', 'bigint').execute();
  },
};
