import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

/**
 * How many of the person's passwords "not one of your last N passwords" can compare a new one against:
 * the current one (none while pending activation), those waiting for Microsoft 365 and the retired ones,
 * at most `historyCount` (what isReused checks). 0 for an unknown address. Only asked once the person is
 * identified (a session, a live link, a proven reset), so it tells nobody who exists.
 */
export async function passwordsOnRecord(
  db: Kysely<Database>,
  email: string,
  historyCount: number,
): Promise<number> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (user === undefined) return 0;
  const count = async (table: 'password_history' | 'pending_passwords'): Promise<number> => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  const current = user.password_hash === '' ? 0 : 1;
  return Math.min(
    historyCount,
    current + (await count('pending_passwords')) + (await count('password_history')),
  );
}
