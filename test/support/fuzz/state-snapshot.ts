import type { Store } from '@passgate/portal';

/**
 * What the portal has stored, for "did this request change anything?". The decisive number is
 * SQLite's total_changes(): every row inserted, updated or deleted on the portal's one connection,
 * in any table. While fuzzing nothing else writes (worker, mail sender and scheduler are off), so an
 * unchanged count means an unchanged database. Per-table fingerprints say where a change landed:
 * whole rows for the account tables, counts and sums for the tables that grow with every attempt.
 */
export interface StateSnapshot {
  changes: number;
  tables: Record<string, string>;
}

/** Tables only a request proving who someone is (password, session, link) may change. */
export const ACCOUNT_TABLES = [
  'users',
  'pending_passwords',
  'outbox_jobs',
  'portal_sessions',
  'password_history',
] as const;

type Db = Store['db'];

/** One query per watched table; sums catch the updates that matter (a counted attempt, a used link). */
function fingerprints(db: Db): Record<string, Promise<unknown>> {
  return {
    users: db.selectFrom('users').selectAll().execute(),
    pending_passwords: db.selectFrom('pending_passwords').selectAll().execute(),
    outbox_jobs: db.selectFrom('outbox_jobs').selectAll().execute(),
    portal_sessions: db.selectFrom('portal_sessions').selectAll().execute(),
    password_history: db.selectFrom('password_history').selectAll().execute(),
    link_tokens: db
      .selectFrom('link_tokens')
      .select((eb) => [
        eb.fn.countAll().as('n'),
        eb.fn.sum('used_at').as('used'),
        eb.fn.sum('invalidated_at').as('gone'),
      ])
      .execute(),
    mail_queue: db
      .selectFrom('mail_queue')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('attempts').as('attempts')])
      .execute(),
    audit_events: db
      .selectFrom('audit_events')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('seq').as('last')])
      .execute(),
    counters: db
      .selectFrom('counters')
      .select((eb) => [
        eb.fn.countAll().as('n'),
        eb.fn.sum('count').as('counted'),
        eb.fn.sum('window_start').as('windows'),
        eb.fn.sum('locked_until').as('locks'),
      ])
      .execute(),
  };
}

async function totalChanges(db: Db): Promise<number> {
  const row = await db
    .selectNoFrom((eb) => eb.fn<number>('total_changes', []).as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Takes snapshots, reusing the last one while nothing has been written since. */
export class StateWatcher {
  readonly #db: Db;
  #last: StateSnapshot | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  async snapshot(): Promise<StateSnapshot> {
    const changes = await totalChanges(this.#db);
    if (this.#last?.changes === changes) return this.#last;
    const tables: Record<string, string> = {};
    for (const [table, rows] of Object.entries(fingerprints(this.#db))) {
      tables[table] = JSON.stringify(await rows, (_, value: unknown) =>
        value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
      );
    }
    this.#last = { changes, tables };
    return this.#last;
  }
}

/** The tables whose fingerprint differs. */
export function changedTables(before: StateSnapshot, after: StateSnapshot): string[] {
  return Object.keys(after.tables).filter((table) => before.tables[table] !== after.tables[table]);
}
