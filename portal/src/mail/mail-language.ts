import { isLanguage, type Language } from '@passgate/core/i18n';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

/**
 * The language to write to a person in: the one they last used the portal in (users.locale,
 * migration 0013) while it is still shipped, else the organisation's defaultLanguage, else English.
 */
export async function mailLanguage(
  db: Kysely<Database>,
  userId: string,
  defaultLanguage: Language | undefined,
): Promise<Language> {
  const row = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  return isLanguage(row?.locale) ? row.locale : (defaultLanguage ?? 'en');
}
