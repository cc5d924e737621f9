import type { Kysely } from 'kysely';
import type { PortalConfig } from '../config/portal-config.js';
import type { Sealer } from '../crypto/sealer.js';
import { enqueueMails } from '../mail/enqueue-mail.js';
import { mailLanguage } from '../mail/mail-language.js';
import type { Database } from '../store/database-schema.js';
import { composeNotice } from './compose-notice.js';
import type { SecurityNotice } from './security-notice.js';

/** What queuing a notice takes: the organisation's words, its default language and the mail sealer. */
export interface NoticeDeps {
  config: {
    organisation: PortalConfig['organisation'];
    defaultLanguage?: PortalConfig['defaultLanguage'];
    messages?: PortalConfig['messages'];
  };
  mailSealer: Sealer;
}

export interface NoticeOptions {
  /** When it happened (the notice says so). */
  at: number;
  /** When the mails may go out (default `at`): held while the outcome is still open (acceptPassword). */
  sendAt?: number;
  /** Also tell these addresses, e.g. the personal address just removed or replaced. */
  alsoTo?: readonly (string | null)[];
}

/** Who a notice goes to: the person's id, work address and name. */
export interface NoticeRecipient {
  id: string;
  email: string;
  display_name: string | null;
}

/** The person a notice is for, by id or by work address (normalised); undefined when there is none. */
export async function noticeRecipient(
  trx: Kysely<Database>,
  by: { id: string } | { email: string },
): Promise<NoticeRecipient | undefined> {
  return trx
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id' in by ? 'id' : 'email', '=', 'id' in by ? by.id : by.email)
    .executeTakeFirst();
}

/**
 * Queues a security notice to the person's work address AND every confirmed personal address (a taken-over
 * work mailbox must not be the only place the news lands), one mail each, in the caller's transaction: the
 * notice commits with what it tells of, or not at all. It is written in the person's language (mailLanguage),
 * the same for every address. Returns the queued mails' ids.
 */
export async function queueSecurityNotice(
  trx: Kysely<Database>,
  deps: NoticeDeps,
  user: NoticeRecipient,
  notice: SecurityNotice,
  options: NoticeOptions,
): Promise<string[]> {
  const personal = await trx
    .selectFrom('recovery_methods')
    .select('email')
    .where('user_id', '=', user.id)
    .where('kind', '=', 'personal_email')
    .where('confirmed_at', 'is not', null)
    .execute();
  const recipients = [
    ...new Set(
      [user.email, ...personal.map((row) => row.email), ...(options.alsoTo ?? [])]
        .filter((to): to is string => typeof to === 'string' && to !== '')
        .map((to) => to.toLowerCase()),
    ),
  ];
  const { organisation } = deps.config;
  const content = composeNotice(notice, new Date(options.at), {
    language: await mailLanguage(trx, user.id, deps.config.defaultLanguage),
    organisation: organisation.name,
    displayName: user.display_name,
    supportText: organisation.supportText,
    supportUrl: organisation.supportUrl,
    messages: deps.config.messages,
    account: user.email,
  });
  return enqueueMails(
    trx,
    recipients.map((to) => ({
      userId: user.id,
      kind: 'security_notice' as const,
      to,
      content,
      now: options.at,
      ...(options.sendAt !== undefined ? { sendAt: options.sendAt } : {}),
    })),
    deps.mailSealer,
  );
}
