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
  return enqueueMails(
    trx,
    mails.map(({ user, template }) => ({
      userId: user.id,
      kind: template.kind,
      to: user.email,
      content: composeMail(template, {
        organisation: organisation.name,
        displayName: user.display_name,
        supportText: organisation.supportText,
        supportUrl: organisation.supportUrl,
      }),
      now,
    })),
    deps.mailSealer,
  );
}

/** The link a reset or activation mail carries (routes in the web half). */
export function linkUrl(config: PortalConfig, purpose: 'reset' | 'activation', token: string): string {
  return `${config.publicUrl}${purpose === 'reset' ? '/reset/confirm' : '/activate'}?token=${token}`;
}
