import { type Kysely, sql } from 'kysely';
import { COPY_ORDER } from './copy-tables.js';
import type { Database } from './database-schema.js';

/** The SQLite database's own tables (not SQLite's internal ones). */
export async function sqliteTables(db: Kysely<Database>): Promise<Set<string>> {
  const { rows } = await sql<{ name: string }>`select name from sqlite_master
    where type = 'table' and name not like 'sqlite_%'`.execute(db);
  return new Set(rows.map((row) => row.name));
}

function at(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Why the SQLite database looks in use by a portal, or null. The file itself was opened exclusively, so
 * no process has it open now; a live lease is then left by a portal that was killed (not stopped) a
 * moment ago, or one on another machine sharing the file: its work would be lost by the copy either way.
 * A lease runs out by itself, so the words say until when.
 */
export async function describeRunningPortal(
  db: Kysely<Database>,
  tables: ReadonlySet<string>,
  now: number,
): Promise<string | null> {
  const found: string[] = [];
  let until = 0;
  if (tables.has('scheduler_leases')) {
    const lease = await db
      .selectFrom('scheduler_leases')
      .select((eb) => eb.fn.max('lease_until').as('until'))
      .where('lease_until', '>', now)
      .executeTakeFirst();
    if (lease?.until != null) {
      found.push(`the scheduler lease is held until ${at(lease.until)}`);
      until = Math.max(until, lease.until);
    }
  }
  const leased = [
    { table: 'outbox_jobs', status: 'running', what: 'sync job(s) are running' },
    { table: 'mail_queue', status: 'sending', what: 'mail(s) are being sent' },
  ] as const;
  for (const { table, status, what } of leased) {
    if (!tables.has(table)) continue;
    const { rows } = await sql<{
      n: number;
      until: number | null;
    }>`select count(*) as n, max(lease_until) as until
      from ${sql.table(table)} where status = ${status} and lease_until > ${now}`.execute(db);
    const row = rows[0];
    if (row !== undefined && row.n > 0 && row.until !== null) {
      found.push(`${row.n} ${what} (leased until ${at(row.until)})`);
      until = Math.max(until, row.until);
    }
  }
  if (found.length === 0) return null;
  return `${found.join('; ')}: a portal is using this database; stop the portal first (one that was killed rather than stopped lets go at ${at(until)})`;
}

/** What the PostgreSQL database already holds of Passgate's (rows, recorded migrations), or null when it is empty. */
export async function describeNonEmptyTarget(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema()`.execute(db);
  const present = new Set(rows.map((row) => row.name));
  const found: string[] = [];
  for (const table of [...COPY_ORDER, 'kysely_migration']) {
    if (!present.has(table)) continue;
    const { rows: hit } = await sql<{
      filled: boolean;
    }>`select exists (select 1 from ${sql.table(table)}) as filled`.execute(db);
    if (hit[0]?.filled === true)
      found.push(table === 'kysely_migration' ? 'migrations recorded' : `rows in ${table}`);
  }
  return found.length === 0 ? null : found.join(', ');
}
