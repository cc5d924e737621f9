import { type Kysely, sql } from 'kysely';
import { accountLockKey } from '../../accounts/limit-keys.js';
import type { PortalConfig } from '../../config/portal-config.js';
import type { Database, UserStatus } from '../../store/database-schema.js';
import { dialectOf } from '../../store/dialect-of.js';
import type { UserFilters } from './user-filters.js';

export const PAGE_SIZE = 500;

export interface UserListRow {
  id: string;
  email: string;
  displayName: string | null;
  status: UserStatus;
  lockedUntil: number | null;
  lastSyncedAt: number | null;
  lastSyncError: string | null;
  waitingJobs: number;
}

export interface UserListPage {
  rows: UserListRow[];
  /** The `after` of the next page, or null on the last one. */
  next: string | null;
}

function likePrefix(value: string): string {
  return `${value.replaceAll(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of the users list, by e-mail, after `filters.after` (keyset pagination: the index on
 * email, or on (status, email), walks straight to the page; an OFFSET would read every row before it).
 * `q` is a case-insensitive prefix of the e-mail or of the name. Unknown tenant: no rows.
 */
export async function searchUsers(
  db: Kysely<Database>,
  config: Pick<PortalConfig, 'tenants'>,
  filters: UserFilters,
  now: number,
  pageSize = PAGE_SIZE,
): Promise<UserListPage> {
  const sqlite = dialectOf(db) === 'sqlite';
  // Matching reads e-mails only (the indexes cover them); the page's 500 rows are read in full after.
  let query = db.selectFrom('users as u').select('u.email');
  const state = filters.state;
  if (state === 'locked') {
    // Driven from the few lock rows (a range on the counters key, then the email index), not by probing
    // counters for every user. LIKE keeps it exact under PostgreSQL's collations.
    const prefix = accountLockKey('');
    query = query.where('u.email', 'in', (eb) =>
      eb
        .selectFrom('counters')
        .select(sql<string>`substr(key, ${prefix.length + 1})`.as('email'))
        .$if(sqlite, (q) => q.where('key', '>=', prefix).where('key', '<', `${prefix}\uffff`))
        .where(sql<boolean>`key LIKE ${`${prefix}%`}`)
        .where('locked_until', '>', now),
    );
  } else if (state !== undefined) {
    query = query.where('u.status', '=', state);
  }
  if (filters.tenant !== undefined) {
    const tenant = config.tenants.find((t) => t.name === filters.tenant);
    if (tenant === undefined) return { rows: [], next: null };
    query = query.where((eb) =>
      eb.or(
        tenant.domains.map(
          (domain) =>
            sql<boolean>`u.email LIKE ${`%@${domain.replaceAll(/[\\%_]/g, (c) => `\\${c}`)}`} ESCAPE '\\'`,
        ),
      ),
    );
  }
  if (filters.sync === 'failed') query = query.where('u.last_sync_error', 'is not', null);
  // A job waiting for Microsoft 365 (queued or running): the person's last change is not there yet. The
  // list of such users is read once from the jobs' status index, not probed for every user.
  const waiting = sql<boolean>`u.id IN (SELECT j.user_id FROM outbox_jobs j WHERE j.status IN ('queued', 'running'))`;
  if (filters.sync === 'waiting') query = query.where(waiting);
  if (filters.sync === 'in_step')
    query = query.where(sql<boolean>`NOT ${waiting}`).where('u.last_sync_error', 'is', null);
  if (filters.after !== undefined) query = query.where('u.email', '>', filters.after.toLowerCase());
  const q = filters.q?.toLowerCase();
  const firstPage = (branch: typeof query) =>
    branch
      .orderBy('u.email')
      .limit(pageSize + 1)
      .execute();
  let rows: Awaited<ReturnType<typeof firstPage>>;
  if (q === undefined || q === '') {
    rows = await firstPage(query);
  } else {
    // Two queries, one per index (e-mail; lower-cased name), merged by e-mail: an OR of the two would
    // make the database walk every user in e-mail order. The ranges serve SQLite's binary collation;
    // LIKE keeps the answer exact under PostgreSQL's collations.
    const like = likePrefix(q);
    const [byEmail, byName] = await Promise.all([
      firstPage(
        query
          .$if(sqlite, (b) => b.where('u.email', '>=', q).where('u.email', '<', `${q}\uffff`))
          .where(sql<boolean>`u.email LIKE ${like} ESCAPE '\\'`),
      ),
      firstPage(
        query
          .$if(sqlite, (b) =>
            b
              .where(sql<boolean>`lower(u.display_name) >= ${q}`)
              .where(sql<boolean>`lower(u.display_name) < ${`${q}\uffff`}`),
          )
          .where(sql<boolean>`lower(u.display_name) LIKE ${like} ESCAPE '\\'`),
      ),
    ]);
    const merged = new Map([...byEmail, ...byName].map((row) => [row.email, row]));
    rows = [...merged.values()]
      .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0))
      .slice(0, pageSize + 1);
  }
  const emails = rows.slice(0, pageSize).map((row) => row.email);
  const page =
    emails.length === 0
      ? []
      : await db
          .selectFrom('users as u')
          .select(['u.id', 'u.email', 'u.display_name', 'u.status', 'u.last_synced_at', 'u.last_sync_error'])
          .select((eb) => [
            eb
              .selectFrom('counters')
              .select('locked_until')
              .where('key', '=', sql<string>`${accountLockKey('')} || u.email`)
              .where('locked_until', '>', now)
              .as('locked_until'),
            eb
              .selectFrom('outbox_jobs')
              .select((j) => j.fn.countAll<number>().as('n'))
              .whereRef('outbox_jobs.user_id', '=', 'u.id')
              .where('outbox_jobs.status', 'in', ['queued', 'running'])
              .as('waiting'),
          ])
          .where('u.email', 'in', emails)
          .orderBy('u.email')
          .execute();
  return {
    rows: page.map((row) => ({
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      status: row.status,
      lockedUntil:
        row.locked_until === null || row.locked_until === undefined ? null : Number(row.locked_until),
      lastSyncedAt: row.last_synced_at === null ? null : Number(row.last_synced_at),
      lastSyncError: row.last_sync_error,
      waitingJobs: Number(row.waiting ?? 0),
    })),
    next: rows.length > pageSize ? (emails.at(-1) ?? null) : null,
  };
}
