import type { Kysely } from 'kysely';
import type { Database, RecoveryMethodKind } from '../store/database-schema.js';
import { usableForResetAt } from './cooling-off.js';

/** One registered method as the person (and the service desk) may see it: never a secret. */
export interface RecoveryMethodView {
  id: string;
  kind: RecoveryMethodKind;
  label: string;
  /** personal_email: the address. */
  email: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Registered after proving only the password: serves a reset only from then (null: already does). */
  usableFrom: Date | null;
}

/** The person's recovery codes: how many are left of the set made at `createdAt`. */
export interface RecoveryCodesView {
  left: number;
  total: number;
  createdAt: Date;
  /** Made after proving only the password: serve a reset only from then (null: already do). */
  usableFrom: Date | null;
}

export interface RecoveryOverview {
  /** Confirmed methods, oldest first (one being set up is not a method yet). */
  methods: RecoveryMethodView[];
  /** null: the person never made recovery codes (or removed them). */
  recoveryCodes: RecoveryCodesView | null;
}

/**
 * What the person has registered. With `usableForResetAt`, only what serves a reset then: a method still
 * in its cooling-off (cooling-off.ts) is left out, as if it were not registered.
 */
export async function listMethods(
  db: Kysely<Database>,
  userId: string,
  options: { usableForResetAt?: number } = {},
): Promise<RecoveryOverview> {
  const at = options.usableForResetAt;
  const rows = await db
    .selectFrom('recovery_methods')
    .select(['id', 'kind', 'label', 'email', 'created_at', 'last_used_at', 'usable_from'])
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .$if(at !== undefined, (qb) => qb.where(usableForResetAt(at ?? 0)))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const codes = await db
    .selectFrom('recovery_codes')
    .select(['created_at', 'used_at', 'usable_from'])
    .where('user_id', '=', userId)
    .$if(at !== undefined, (qb) => qb.where(usableForResetAt(at ?? 0)))
    .execute();
  const later = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
  return {
    methods: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      label: row.label,
      email: row.email,
      createdAt: new Date(row.created_at),
      lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
      usableFrom: later(row.usable_from),
    })),
    recoveryCodes:
      codes.length === 0
        ? null
        : {
            left: codes.filter((code) => code.used_at === null).length,
            total: codes.length,
            createdAt: new Date(Math.min(...codes.map((code) => code.created_at))),
            usableFrom: later(Math.max(...codes.map((code) => code.usable_from ?? 0)) || null),
          },
  };
}
