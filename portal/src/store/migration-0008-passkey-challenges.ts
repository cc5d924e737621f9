import type { Kysely, Migration } from 'kysely';

/**
 * Issue 13 (passkeys): the challenge of each WebAuthn ceremony, kept on the server from the moment the
 * options are handed out until the browser's answer spends it. Keyed by the hash of what the ceremony is
 * bound to (a session or ceremony cookie, never stored in clear) and its purpose, so one browser has one
 * live challenge per purpose: asking again replaces it, and a challenge issued for one flow cannot be
 * spent in another. `user_id` is set when the ceremony is for a known person (registering, a second
 * factor). Short-lived; the scheduler prunes rows past `expires_at`.
 */
export const passkeyChallenges: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('passkey_challenges')
      .addColumn('binding_hash', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('passkey_challenges_pk', ['binding_hash', 'purpose'])
      .execute();
    await db.schema
      .createIndex('passkey_challenges_expiry')
      .on('passkey_challenges')
      .column('expires_at')
      .execute();
  },
};
