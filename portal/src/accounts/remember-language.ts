import type { Language } from '@passgate/core/i18n';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { unsyncedWrites } from '../store/write-transaction.js';

/** Records the language a person used the portal in, so that their mails come in it. */
export type RememberLanguage = (email: string, language: Language) => Promise<void>;

/**
 * users.locale for the account of this e-mail (migration 0013). A plain last-writer-wins update: two
 * pages finishing at once in two languages may leave either, and both are the person's own. Unsynced
 * (SQLite): a power cut may lose it, and the next page the person finishes records it again; it was a
 * synced commit of its own on every first change (bench:portal).
 */
export function rememberLanguage(db: Kysely<Database>): RememberLanguage {
  return async (email, language) => {
    await unsyncedWrites(db, (conn) =>
      conn
        .updateTable('users')
        .set({ locale: language })
        .where('email', '=', email.trim().toLowerCase())
        .where((eb) => eb.or([eb('locale', 'is', null), eb('locale', '!=', language)]))
        .execute(),
    );
  };
}
