import type { Language } from '@passgate/core/i18n';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

/** Records the language a person used the portal in, so that their mails come in it. */
export type RememberLanguage = (email: string, language: Language) => Promise<void>;

/**
 * users.locale for the account of this e-mail (migration 0013). A plain last-writer-wins update: two
 * pages finishing at once in two languages may leave either, and both are the person's own.
 */
export function rememberLanguage(db: Kysely<Database>): RememberLanguage {
  return async (email, language) => {
    await db
      .updateTable('users')
      .set({ locale: language })
      .where('email', '=', email.trim().toLowerCase())
      .where((eb) => eb.or([eb('locale', 'is', null), eb('locale', '!=', language)]))
      .execute();
  };
}
