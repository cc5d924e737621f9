import { isLanguage, type Language } from '@passgate/core/i18n';
import type { Kysely } from 'kysely';
import type { PortalConfig } from '../config/portal-config.js';
import type { Sealer } from '../crypto/sealer.js';
import { composeMail, type MailTemplate } from '../mail/compose-mail.js';
import { enqueueMails } from '../mail/enqueue-mail.js';
import type { Database } from '../store/database-schema.js';

/** Composes a mail to a user in the organisation's words and queues it (call in the deciding transaction). */
export async function queueUserMail(
  trx: Kysely<Database>,
  deps: { config: PortalConfig; mailSealer: Sealer },
  user: { id: string; email: string; display_name: string | null },
  template: MailTemplate,
  now: number,
): Promise<string> {
  const [id] = await queueUserMails(trx, deps, [{ user, template }], now);
  return id as string;
}

/** queueUserMail for several users in one statement (an import's welcome mails). */
export async function queueUserMails(
  trx: Kysely<Database>,
  deps: { config: PortalConfig; mailSealer: Sealer },
  mails: readonly {
    user: { id: string; email: string; display_name: string | null };
    template: MailTemplate;
  }[],
  now: number,
): Promise<string[]> {
  const { organisation } = deps.config;
  const languages = await userLanguages(
    trx,
    mails.map(({ user }) => user.id),
  );
  return enqueueMails(
    trx,
    mails.map(({ user, template }) => ({
      userId: user.id,
      kind: template.kind,
      to: user.email,
      content: composeMail(template, {
        language: languages.get(user.id) ?? deps.config.defaultLanguage,
        organisation: organisation.name,
        displayName: user.display_name,
        supportText: organisation.supportText,
        supportUrl: organisation.supportUrl,
        messages: deps.config.messages,
      }),
      now,
    })),
    deps.mailSealer,
  );
}

/** The language each user last used the portal in (users.locale), when it is one still shipped. */
async function userLanguages(trx: Kysely<Database>, ids: readonly string[]): Promise<Map<string, Language>> {
  const found = new Map<string, Language>();
  // In slices: an import queues thousands of welcome mails, and a statement's parameters are limited.
  for (let start = 0; start < ids.length; start += 500) {
    const slice = ids.slice(start, start + 500);
    const rows = await trx.selectFrom('users').select(['id', 'locale']).where('id', 'in', slice).execute();
    for (const row of rows) if (isLanguage(row.locale)) found.set(row.id, row.locale);
  }
  return found;
}

/** The link a reset or activation mail carries (routes in the web half). */
export function linkUrl(config: PortalConfig, purpose: 'reset' | 'activation', token: string): string {
  return `${config.publicUrl}${purpose === 'reset' ? '/reset/confirm' : '/activate'}?token=${token}`;
}
