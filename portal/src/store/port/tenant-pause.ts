import type { Kysely } from 'kysely';
import { LONGEST_RETRY_AFTER_MS } from '../../queue/backoff.js';
import type { Database } from '../database-schema.js';
import { writeTransaction } from '../write-transaction.js';

/** What extendTenantPause made of the shared pause. */
export interface PauseExtension {
  /** The pause's end as it now stands (a longer one another instance recorded first is kept). */
  end: number;
  /**
   * Milliseconds this call added to the shared pause: past its end before (or past `now`, when it had
   * ended or was never honoured). Across every instance these add up to the time the tenant was paused,
   * each millisecond once, however many instances Microsoft told.
   */
  added: number;
}

/**
 * Makes the tenant's shared pause last at least until `until` (epoch ms). One transaction whose first
 * statement is an upsert that takes the row's write lock (SQLite's database lock, PostgreSQL's row lock)
 * and returns the end as it stood: two instances throttled at once both end with the later of their two
 * ends, and each learns exactly what its own write added. Unsynced on SQLite: a pause lost to a power cut
 * costs a few 429s after the restart, nothing more. No pause reaches past `now` + LONGEST_RETRY_AFTER_MS,
 * and an end recorded further out than that (by a version without the cap) is replaced, not kept.
 */
export async function extendTenantPause(
  db: Kysely<Database>,
  tenant: string,
  asked: number,
  now: number,
): Promise<PauseExtension> {
  const ceiling = now + LONGEST_RETRY_AFTER_MS;
  const until = Math.min(asked, ceiling);
  return writeTransaction(
    db,
    async (trx) => {
      const row = await trx
        .insertInto('tenant_health')
        .values({
          tenant,
          last_ok_at: null,
          last_error_code: null,
          last_error_message: null,
          last_error_at: null,
          paused_until: null,
        })
        .onConflict((oc) => oc.column('tenant').doUpdateSet({ tenant: (eb) => eb.ref('excluded.tenant') }))
        .returning('paused_until')
        .executeTakeFirstOrThrow();
      // NULL (never paused) and an end past the cap (never honoured) hold nothing back.
      const stood = row.paused_until !== null && row.paused_until <= ceiling ? row.paused_until : null;
      if (stood !== null && stood >= until) return { end: stood, added: 0 };
      await trx
        .updateTable('tenant_health')
        .set({ paused_until: until })
        .where('tenant', '=', tenant)
        .execute();
      return { end: until, added: Math.max(0, until - Math.max(stood ?? now, now)) };
    },
    { synced: false },
  );
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
