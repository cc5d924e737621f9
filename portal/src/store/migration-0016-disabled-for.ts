import type { Kysely, Migration } from 'kysely';

/**
 * Why a disable job blocks Microsoft 365 sign-in: 'suspension', 'expiry' or 'drift' (null for enables and
 * password jobs). An expired person's renewal that lands with a disable queued behind it must tell a
 * suspension's (about the account, lifted by an admin, not about the password: the renewal still ends the
 * expiry) from an expiry's or drift's (a newer decision about the password, which keeps the account
 * expired). Disables queued before this migration have none and count as the newer decision, as before.
 */
export const disabledFor: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('outbox_jobs').addColumn('disabled_for', 'text').execute();
  },
};
