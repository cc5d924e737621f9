import type { Kysely, Migration } from 'kysely';

/**
 * Issue 13, "Reset with methods": a reset flow is the short-lived, server-side state of one person's way
 * through /reset (the address typed, the kinds of method proven so far, its mailed code), found by the
 * SHA-256 of the random token in the browser's cookie. A flow exists for every address typed, known or
 * not (user_id NULL), so the pages cannot tell the two apart; the scheduler prunes ended flows.
 */
export const resetFlows: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('reset_flows')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('credential_version', 'integer', (c) => c.notNull())
      .addColumn('needed', 'integer', (c) => c.notNull())
      .addColumn('proven', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sends', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('code_hash', 'text')
      .addColumn('code_target', 'text')
      .addColumn('code_tries', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('code_expires_at', 'bigint')
      .addColumn('code_used_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema.createIndex('reset_flows_expiry').on('reset_flows').column('expires_at').execute();
  },
};
