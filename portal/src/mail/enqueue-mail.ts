import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Sealer } from '../crypto/sealer.js';
import type { Database, MailQueueTable } from '../store/database-schema.js';
import type { MailContent } from './compose-mail.js';

export interface QueuedMail {
  userId: string | null;
  kind: MailQueueTable['kind'];
  to: string;
  content: MailContent;
  now: number;
  /** When it may go out (default `now`): a security notice is held until its outcome is known. */
  sendAt?: number;
}

/** What binds a sealed mail to its row. */
export function mailSealContext(mailId: string): string {
  return `mail:${mailId}`;
}

/**
 * Appends a mail to the durable queue (call in the transaction that decided to send it): once this
 * commits the request is safe, whatever SMTP does; the mail sender delivers it, retrying with backoff.
 */
export async function enqueueMail(trx: Kysely<Database>, mail: QueuedMail, sealer: Sealer): Promise<string> {
  const [id] = await enqueueMails(trx, [mail], sealer);
  return id as string;
}

/** Appends several mails in one statement (an import's welcome mails); their ids, in order. */
export async function enqueueMails(
  trx: Kysely<Database>,
  mails: readonly QueuedMail[],
  sealer: Sealer,
): Promise<string[]> {
  if (mails.length === 0) return [];
  const rows = mails.map((mail) => {
    const id = randomUUID();
    return {
      id,
      user_id: mail.userId,
      kind: mail.kind,
      to_address: mail.to,
      payload: sealer.seal(JSON.stringify(mail.content), mailSealContext(id)),
      status: 'queued' as const,
      attempts: 0,
      next_attempt_at: mail.sendAt ?? mail.now,
      lease_until: null,
      last_error: null,
      created_at: mail.now,
      sent_at: null,
    };
  });
  await trx.insertInto('mail_queue').values(rows).execute();
  return rows.map((row) => row.id);
}
