import { type Kysely, sql } from 'kysely';
import { LONGEST_RETRY_AFTER_MS } from '../../queue/backoff.js';
import type { Database } from '../database-schema.js';
import { unsyncedWrites } from '../write-transaction.js';

/**
 * Makes the tenant's shared pause last at least until `until` (epoch ms), and returns its end as it now
 * stands: a longer pause another instance recorded first is kept. One atomic upsert on both databases
 * (PostgreSQL's ON CONFLICT locks the row; SQLite has one writer), so two instances throttled at once
 * both end with the later of their two ends. Unsynced on SQLite: a pause lost to a power cut costs a
 * few 429s after the restart, nothing more. No pause reaches past `now` + LONGEST_RETRY_AFTER_MS, and
 * an end recorded further out than that (by a version without the cap) is replaced, not kept.
 */
export async function extendTenantPause(
  db: Kysely<Database>,
  tenant: string,
  asked: number,
  now: number,
): Promise<number> {
  const ceiling = now + LONGEST_RETRY_AFTER_MS;
  const until = Math.min(asked, ceiling);
  const row = await unsyncedWrites(db, (writer) =>
    writer
      .insertInto('tenant_health')
      .values({
        tenant,
        last_ok_at: null,
        last_error_code: null,
        last_error_message: null,
        last_error_at: null,
        paused_until: until,
      })
      .onConflict((oc) =>
        oc.column('tenant').doUpdateSet({
          // CASE rather than MAX()/GREATEST(), which the two dialects spell differently; NULL (never
          // paused) compares as unknown and so takes the new end.
          paused_until: sql<number>`case when tenant_health.paused_until > excluded.paused_until and tenant_health.paused_until <= ${ceiling} then tenant_health.paused_until else excluded.paused_until end`,
        }),
      )
      .returning('paused_until')
      .executeTakeFirstOrThrow(),
  );
  return row.paused_until ?? until;
}

/**
 * The tenants paused at `now`, each with its pause's end: what every worker reads before it claims, so
 * that no instance calls a tenant Microsoft asked (any instance) to leave alone. One row per tenant.
 */
export async function readTenantPauses(db: Kysely<Database>, now: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('tenant_health')
    .select(['tenant', 'paused_until'])
    .where('paused_until', '>', now)
    // An end past the cap was never honoured (see extendTenantPause).
    .where('paused_until', '<=', now + LONGEST_RETRY_AFTER_MS)
    .execute();
  return new Map(rows.map((row) => [row.tenant, row.paused_until ?? now]));
}
