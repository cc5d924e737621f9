import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/database-schema.js';
import { noteTenantError, noteTenantOk, noteTenantPause } from '../store/port/tenant-health.js';

/** What the admin console's overview shows of each tenant's connection, noted by the sync worker as it goes. */
export interface TenantHealthRecorder {
  ok(tenant: string): Promise<void>;
  failed(tenant: string, error: { code: string; message: string }): Promise<void>;
  paused(tenant: string, code: string, until: number): Promise<void>;
}

// A success is noted at most once a minute per tenant and process: a busy queue must not pay a write per job.
const OK_EVERY_MS = 60_000;

/** Writes are awaited (so none outlives the store) but never fail the job: a failed note is only logged. */
export function tenantHealthRecorder(
  db: Kysely<Database>,
  now: () => Date,
  logger: Logger,
): TenantHealthRecorder {
  const lastOk = new Map<string, number>();
  async function quietly(write: Promise<void>): Promise<void> {
    await write.catch((error: unknown) =>
      logger.warn({ err: error }, 'could not note the tenant connection'),
    );
  }
  return {
    async ok(tenant): Promise<void> {
      const at = now().getTime();
      if (at - (lastOk.get(tenant) ?? Number.NEGATIVE_INFINITY) < OK_EVERY_MS) return;
      lastOk.set(tenant, at);
      await quietly(noteTenantOk(db, tenant, at));
    },
    async failed(tenant, error): Promise<void> {
      await quietly(noteTenantError(db, tenant, error, now().getTime()));
    },
    async paused(tenant, code, until): Promise<void> {
      await quietly(noteTenantPause(db, { tenant, code, at: now().getTime(), until }));
    },
  };
}
