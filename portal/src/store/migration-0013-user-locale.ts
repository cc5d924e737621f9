import type { Kysely, Migration } from 'kysely';

/**
 * Issue 16: the language a person last used the portal in (a shipped language code such as `de`),
 * so that mails reach them in it. Null until they use the portal; mails then use the configured
 * defaultLanguage.
 */
export const userLocale: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('users').addColumn('locale', 'text').execute();
  },
};
