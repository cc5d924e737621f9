import type { ExpressionBuilder, Kysely } from 'kysely';
import type { RecoveryConfig } from '../config/recovery-config-schema.js';
import type { Database } from '../store/database-schema.js';
import type { RecoveryOverview } from './list-methods.js';

/**
 * Rows of either method table that serve a reset at `now`: registered after proving another method
 * (usable_from null), or whose cooling-off has ended.
 */
export function usableForResetAt(now: number) {
  return (eb: ExpressionBuilder<Database, 'recovery_methods' | 'recovery_codes'>) =>
    eb.or([eb('usable_from', 'is', null), eb('usable_from', '<=', now)]);
}

/** Whether the person has a way back in that serves a reset now (a confirmed method, or an unused code). */
async function hasUsableMethod(db: Kysely<Database>, userId: string, now: number): Promise<boolean> {
  const method = await db
    .selectFrom('recovery_methods')
    .select('id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where(usableForResetAt(now))
    .executeTakeFirst();
  if (method !== undefined) return true;
  const code = await db
    .selectFrom('recovery_codes')
    .select('id')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where(usableForResetAt(now))
    .executeTakeFirst();
  return code !== undefined;
}

/**
 * When a method being registered now may first serve a reset (its `usable_from`), or null for at once.
 * Security info asks anyone with a method for a second factor before it opens, so a person with no
 * method usable yet reached it on the password alone: what they register waits
 * `recovery.newMethodCoolingOffHours` (and so does the next, and one "proved" with a method still
 * waiting), while the owner hears of it at the work address. Read it in the registering transaction,
 * before an old method of the same kind is replaced.
 */
export async function usableFromForNewMethod(
  db: Kysely<Database>,
  config: Pick<RecoveryConfig, 'newMethodCoolingOffHours'>,
  userId: string,
  now: number,
): Promise<number | null> {
  const hours = config.newMethodCoolingOffHours;
  if (hours === 0 || (await hasUsableMethod(db, userId, now))) return null;
  return now + hours * 3_600_000;
}

/** The overview as security info shows it at `now`: a cooling-off that has ended is no longer mentioned. */
export function withEndedCoolingOff(overview: RecoveryOverview, now: number): RecoveryOverview {
  const pending = (from: Date | null): Date | null => (from !== null && from.getTime() > now ? from : null);
  return {
    methods: overview.methods.map((method) => ({ ...method, usableFrom: pending(method.usableFrom) })),
    recoveryCodes:
      overview.recoveryCodes === null
        ? null
        : { ...overview.recoveryCodes, usableFrom: pending(overview.recoveryCodes.usableFrom) },
  };
}
