import type { Kysely, Migration } from 'kysely';

/**
 * Issue 13 (bots): every proof of work (ALTCHA challenge) is accepted once. A solved challenge's
 * signature is kept here until the challenge expires; the primary key is what refuses a second use,
 * atomically on SQLite and PostgreSQL alike (store/port/spend-challenge.ts). The scheduler prunes
 * rows past `expires_at`: by then the challenge itself is refused as expired.
 */
export const usedChallenges: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('used_challenges')
      .addColumn('signature', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('used_challenges_expiry')
      .on('used_challenges')
      .column('expires_at')
      .execute();
  },
};
