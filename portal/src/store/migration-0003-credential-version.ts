import type { Kysely, Migration } from 'kysely';

/**
 * Issue 15: every accepted password moves `users.credential_version` on by one, and a portal session
 * remembers the version it was opened under. A session from before a password change is then worthless
 * (an attacker who signed in with the old password cannot set a third one), and two changes proving the
 * same old password cannot both be accepted (the second finds the version moved).
 */
export const credentialVersion: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('users')
      .addColumn('credential_version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('portal_sessions')
      .addColumn('credential_version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
