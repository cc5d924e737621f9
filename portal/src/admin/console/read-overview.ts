import { type Kysely, sql } from 'kysely';
import { accountLockKey } from '../../accounts/limit-keys.js';
import type { PortalConfig } from '../../config/portal-config.js';
import type { Database } from '../../store/database-schema.js';
import { dialectOf } from '../../store/dialect-of.js';

export interface TenantConnection {
  name: string;
  lastOkAt: number | null;
  lastError: { code: string; message: string; at: number } | null;
  pausesLastHour: number;
}

export interface Overview {
  users: { active: number; expired: number; locked: number; suspended: number; pendingActivation: number };
  sync: {
    queued: number;
    running: number;
    failed: number;
    oldestWaitingAt: number | null;
    pausesLastHour: number;
  };
  tenants: TenantConnection[];
  mail: { queued: number; sending: number; failed: number };
  /** Failed sync jobs and undeliverable mail: what only a person can sort out. */
  needsPerson: { failedJobs: number; failedMail: number };
}

const HOUR_MS = 60 * 60 * 1000;

function count(rows: readonly { status: string; n: number | string | bigint }[], status: string): number {
  return Number(rows.find((row) => row.status === status)?.n ?? 0);
}

/** Everything the overview shows, in a handful of indexed counts (bench/console keeps it under 200 ms at 100,000 users). */
export async function readOverview(
  db: Kysely<Database>,
  config: Pick<PortalConfig, 'tenants'>,
  now: number,
): Promise<Overview> {
  const lockPrefix = accountLockKey('');
  const sqlite = dialectOf(db) === 'sqlite';
  const [byStatus, locked, jobs, unsettled, oldest, mail, health, pauses] = await Promise.all([
    db
      .selectFrom('users')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('counters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      // The account's own lock keys only, not its devices'. The range lets SQLite walk the primary key;
      // LIKE keeps the answer exact under PostgreSQL's collations, which order punctuation loosely.
      .$if(sqlite, (q) => q.where('key', '>=', lockPrefix).where('key', '<', `${lockPrefix}\uffff`))
      .where(sql<boolean>`key LIKE ${`${lockPrefix}%`}`)
      .where('locked_until', '>', now)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('outbox_jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['queued', 'running', 'failed'])
      .groupBy('status')
      .execute(),
    // A failed job needs a person while it is the user's last word: a newer change supersedes it.
    db
      .selectFrom('outbox_jobs as j')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('j.status', '=', 'failed')
      .where(
        sql<boolean>`NOT EXISTS (SELECT 1 FROM outbox_jobs k WHERE k.user_id = j.user_id AND k.seq > j.seq)`,
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('outbox_jobs')
      .select((eb) => eb.fn.min('created_at').as('at'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst(),
    db
      .selectFrom('mail_queue')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['queued', 'sending', 'failed'])
      .groupBy('status')
      .execute(),
    db.selectFrom('tenant_health').selectAll().execute(),
    db
      .selectFrom('graph_pauses')
      .select(['tenant', (eb) => eb.fn.countAll<number>().as('n')])
      .where('paused_at', '>', now - HOUR_MS)
      .groupBy('tenant')
      .execute(),
  ]);
  const tenants = config.tenants.map((tenant): TenantConnection => {
    const row = health.find((h) => h.tenant === tenant.name);
    return {
      name: tenant.name,
      lastOkAt: row?.last_ok_at == null ? null : Number(row.last_ok_at),
      lastError:
        row?.last_error_code == null || row.last_error_at == null
          ? null
          : {
              code: row.last_error_code,
              message: row.last_error_message ?? '',
              at: Number(row.last_error_at),
            },
      pausesLastHour: Number(pauses.find((p) => p.tenant === tenant.name)?.n ?? 0),
    };
  });
  const failedJobs = Number(unsettled.n);
  const failedMail = count(mail, 'failed');
  return {
    users: {
      active: count(byStatus, 'active'),
      expired: count(byStatus, 'expired'),
      locked: Number(locked.n),
      suspended: count(byStatus, 'suspended'),
      pendingActivation: count(byStatus, 'pending_activation'),
    },
    sync: {
      queued: count(jobs, 'queued'),
      running: count(jobs, 'running'),
      failed: count(jobs, 'failed'),
      oldestWaitingAt: oldest?.at == null ? null : Number(oldest.at),
      pausesLastHour: pauses.reduce((sum, p) => sum + Number(p.n), 0),
    },
    tenants,
    mail: { queued: count(mail, 'queued'), sending: count(mail, 'sending'), failed: failedMail },
    needsPerson: { failedJobs, failedMail },
  };
}
