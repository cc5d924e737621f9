import type { Kysely } from 'kysely';
import type { Database, RecoveryMethodKind } from '../store/database-schema.js';

/** One registered method as the person (and the service desk) may see it: never a secret. */
export interface RecoveryMethodView {
  id: string;
  kind: RecoveryMethodKind;
  label: string;
  /** personal_email: the address. */
  email: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The person's recovery codes: how many are left of the set made at `createdAt`. */
export interface RecoveryCodesView {
  left: number;
  total: number;
  createdAt: Date;
}

export interface RecoveryOverview {
  /** Confirmed methods, oldest first (one being set up is not a method yet). */
  methods: RecoveryMethodView[];
  /** null: the person never made recovery codes (or removed them). */
  recoveryCodes: RecoveryCodesView | null;
}

/** What the person has registered. */
export async function listMethods(db: Kysely<Database>, userId: string): Promise<RecoveryOverview> {
  const rows = await db
    .selectFrom('recovery_methods')
    .select(['id', 'kind', 'label', 'email', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const codes = await db
    .selectFrom('recovery_codes')
    .select(['created_at', 'used_at'])
    .where('user_id', '=', userId)
    .execute();
  return {
    methods: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      label: row.label,
      email: row.email,
      createdAt: new Date(row.created_at),
      lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    })),
    recoveryCodes:
      codes.length === 0
        ? null
        : {
            left: codes.filter((code) => code.used_at === null).length,
            total: codes.length,
            createdAt: new Date(Math.min(...codes.map((code) => code.created_at))),
          },
  };
}
