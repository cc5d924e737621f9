import type { Kysely } from 'kysely';
import type { ResolveResetDeps } from '../src/accounts/request-reset.js';
import { mailSealContext } from '../src/mail/enqueue-mail.js';
import { resolveQueuedRequest } from '../src/reset/queued-flow-code.js';
import type { Database } from '../src/store/database-schema.js';

/**
 * Does what the mail sender does with every `reset_request` row queued (a code mailed, a notice, or
 * nothing), each claimed first as the sender claims it; returns what each request said, in order.
 */
export async function resolveResetRequests(db: Kysely<Database>, deps: ResolveResetDeps): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_queue')
    .select(['id', 'payload'])
    .where('kind', '=', 'reset_request')
    .execute();
  const said: string[] = [];
  for (const row of rows) {
    await db
      .updateTable('mail_queue')
      .set({ status: 'sending', attempts: 1 })
      .where('id', '=', row.id)
      .execute();
    const plaintext = deps.mailSealer.open(row.payload ?? new Uint8Array(), mailSealContext(row.id));
    said.push(plaintext);
    await resolveQueuedRequest(deps, { id: row.id, attempts: 1, plaintext });
  }
  return said;
}
