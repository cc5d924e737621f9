import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { recordAudits } from '../audit/record-audit.js';
import type { PortalConfig } from '../config/portal-config.js';
import type { Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';
import { issueLinks } from './link-tokens.js';
import { linkUrl, queueUserMails } from './queue-user-mail.js';

type ActivationUser = { id: string; email: string; display_name: string | null };
type ActivationDeps = { config: PortalConfig; mailSealer: Sealer };

/**
 * Issues a welcome (activation) link, ending older ones, and queues the mail that carries it, in the
 * caller's transaction. The link is returned for the caller's own use only: it is as good as a password
 * until used, so it goes out by mail and is never printed or logged.
 */
export async function queueActivation(
  trx: Kysely<Database>,
  deps: ActivationDeps,
  user: ActivationUser,
  now: Date,
  actor: AuditActor,
): Promise<string> {
  const [link] = await queueActivations(trx, deps, [user], now, actor);
  return link as string;
}

/** queueActivation for many users in a few statements (an import's welcome mails); the links, in order. */
export async function queueActivations(
  trx: Kysely<Database>,
  deps: ActivationDeps,
  users: readonly ActivationUser[],
  now: Date,
  actor: AuditActor,
): Promise<string[]> {
  if (users.length === 0) return [];
  const at = now.getTime();
  const days = deps.config.links.activationDays;
  const ids = users.map((user) => user.id);
  const issued = await issueLinks(trx, ids, 'activation', at, days * 86_400_000, { replace: true });
  const links = issued.map(({ token }) => linkUrl(deps.config, 'activation', token));
  await queueUserMails(
    trx,
    deps,
    users.map((user, i) => ({ user, template: { kind: 'activation', link: links[i] as string, days } })),
    at,
  );
  await recordAudits(
    trx,
    users.map((user) => ({
      type: 'user_password_reset_request' as const,
      user: { id: user.id, email: user.email },
      at: now,
      success: true,
      correlationId: randomUUID(),
      changes: [{ field: 'activationLink' }],
      initiatedBy: actor,
    })),
  );
  return links;
}
