import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** Pauses older than this are of no use to the overview (it shows the last hour's). */
const KEEP_PAUSES_MS = 24 * 60 * 60 * 1000;

/** Notes that Microsoft 365 accepted a call for `tenant` (one upsert: any number of workers may write). */
export async function noteTenantOk(db: Kysely<Database>, tenant: string, at: number): Promise<void> {
  await db
    .insertInto('tenant_health')
    .values({ tenant, last_ok_at: at, last_error_code: null, last_error_message: null, last_error_at: null })
    .onConflict((oc) => oc.column('tenant').doUpdateSet({ last_ok_at: at }))
    .execute();
}

/** Notes a failed call's code and Microsoft's words (never a password: the worker's messages carry none). */
export async function noteTenantError(
  db: Kysely<Database>,
  tenant: string,
  error: { code: string; message: string },
  at: number,
): Promise<void> {
  const message = error.message.slice(0, 500);
  await db
    .insertInto('tenant_health')
    .values({
      tenant,
      last_ok_at: null,
      last_error_code: error.code,
      last_error_message: message,
      last_error_at: at,
    })
    .onConflict((oc) =>
      oc
        .column('tenant')
        .doUpdateSet({ last_error_code: error.code, last_error_message: message, last_error_at: at }),
    )
    .execute();
}

/** Records one pause Microsoft asked for, and drops those older than a day. */
export async function noteTenantPause(
  db: Kysely<Database>,
  pause: { tenant: string; code: string; at: number; until: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('graph_pauses')
      .where('paused_at', '<', pause.at - KEEP_PAUSES_MS)
      .execute();
    await trx
      .insertInto('graph_pauses')
      .values({
        id: randomUUID(),
        tenant: pause.tenant,
        code: pause.code,
        paused_at: pause.at,
        until: pause.until,
      })
      .execute();
  });
}
