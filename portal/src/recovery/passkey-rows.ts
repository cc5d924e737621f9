import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { KNOWN_TRANSPORTS } from './passkey-response.js';

/** A registered passkey as the ceremonies name it to the browser: its credential id and how it is reached. */
export interface PasskeyDescriptor {
  id: string;
  transports: string[];
}

/** The person's passkeys, oldest first. */
export async function passkeysOf(
  db: Kysely<Database>,
  userId: string,
): Promise<{ methodId: string; label: string; descriptor: PasskeyDescriptor }[]> {
  const rows = await db
    .selectFrom('recovery_methods')
    .select(['id', 'label', 'credential_id', 'transports'])
    .where('user_id', '=', userId)
    .where('kind', '=', 'passkey')
    .where('confirmed_at', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.flatMap((row) =>
    row.credential_id === null
      ? []
      : [
          {
            methodId: row.id,
            label: row.label,
            descriptor: { id: row.credential_id, transports: transportsOf(row.transports) },
          },
        ],
  );
}

/** The stored JSON list of transports, keeping only those WebAuthn names. */
export function transportsOf(stored: string | null): string[] {
  if (stored === null) return [];
  try {
    const list: unknown = JSON.parse(stored);
    return Array.isArray(list)
      ? list.filter((t): t is string => (KNOWN_TRANSPORTS as readonly unknown[]).includes(t))
      : [];
  } catch {
    return [];
  }
}

/**
 * The WebAuthn user handle of a person: their portal id (a random UUID) as UTF-8. It identifies the
 * account to the authenticator without saying anything about the person (WebAuthn §14.6.1: no e-mail or
 * name in it), and it stays the same for all their passkeys, so a new passkey on an authenticator that
 * already holds one for them replaces it there instead of piling up.
 */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(userId);
}
