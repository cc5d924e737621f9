import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

/**
 * Whether drift detection blocked the user's Microsoft 365 sign-in (onDrift: suspend) after the password
 * the portal last made current: then the next password must lift the block, as an expiry's would, even
 * where the tenant's own expiry does not block (onExpiry: maintain). A password made current since then
 * (its time is later) means the block was lifted with it. A block decided while an admin's suspension
 * stood counts the same: lifting the suspension does not lift it (unsuspendUser asks here).
 */
export async function blockedByDrift(trx: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('password_drift as d')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select('d.user_id')
    .where('d.user_id', '=', userId)
    .whereRef('d.blocked_at', '>', 'u.password_changed_at')
    .executeTakeFirst();
  return row !== undefined;
}
