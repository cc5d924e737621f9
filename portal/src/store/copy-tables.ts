import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';

/** Every Passgate table, each after the tables its foreign keys point at: inserted in this order, every row's parent is there. */
export const COPY_ORDER = [
  'users',
  'password_history',
  'outbox_jobs',
  'pending_passwords',
  'audit_events',
  'counters',
  'portal_sessions',
  'link_tokens',
  'mail_queue',
  'scheduler_leases',
  'reminders_sent',
  'used_challenges',
  'recovery_methods',
  'recovery_codes',
  'email_codes',
  'extension_installs',
  'password_drift',
  'drift_sweeps',
  'passkey_challenges',
  'reset_flows',
  'admin_sessions',
  'tenant_health',
  'graph_pauses',
] as const satisfies readonly (keyof Database)[];

export type CopiedTable = (typeof COPY_ORDER)[number];

// A table added to the schema but not to COPY_ORDER fails to compile here: db copy would leave it behind.
type Uncopied = Exclude<keyof Database, CopiedTable>;
export const EVERY_TABLE_COPIED: [Uncopied] extends [never] ? true : Uncopied = true;

/** Kysely's own bookkeeping: the copy's migrations write these on the target. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** Columns the database numbers itself (identity on PostgreSQL): rows keep their numbers, so the sequence must move past them. */
const IDENTITY_COLUMNS: readonly [CopiedTable, string][] = [
  ['password_history', 'id'],
  ['audit_events', 'seq'],
];

/** Rows per INSERT: 500 × the widest table's 19 columns (outbox_jobs) stays far below PostgreSQL's 65,535 parameters. */
const BATCH_ROWS = 500;

type Row = Record<string, unknown>;

/** The schema with table names as plain strings: the copy moves whole rows, column for column, whatever the table. */
function loose(db: Kysely<Database>): Kysely<Record<string, Row>> {
  return db as unknown as Kysely<Record<string, Row>>;
}

/**
 * Copies one table's rows from SQLite to PostgreSQL in batches, in rowid order (for the audit log, seq
 * order). Values go over as they are: integers as numbers (epoch milliseconds fit), text as text, and
 * blobs as Buffers, which node-postgres sends as bytea byte for byte (sealed payloads stay sealed).
 */
export async function copyTable(
  source: Kysely<Database>,
  target: Kysely<Database>,
  table: CopiedTable,
): Promise<number> {
  let batch: Row[] = [];
  let copied = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await loose(target).insertInto(table).values(batch).execute();
    copied += batch.length;
    batch = [];
  };
  const rows = loose(source).selectFrom(table).selectAll().orderBy(sql`rowid`).stream();
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH_ROWS) await flush();
  }
  await flush();
  return copied;
}

/** Moves each identity sequence past the highest number copied, so the next row the portal writes gets a new one. */
export async function fixIdentitySequences(
  target: Kysely<Database>,
  copied: ReadonlySet<string>,
): Promise<void> {
  for (const [table, column] of IDENTITY_COLUMNS) {
    if (!copied.has(table)) continue;
    // is_called false: the next nextval() returns exactly max + 1 (1 for an empty table).
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false)
      from ${sql.table(table)}`.execute(target);
  }
}

/** Rows in `table`, for the check after the copy. */
export async function countRows(db: Kysely<Database>, table: CopiedTable): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}
