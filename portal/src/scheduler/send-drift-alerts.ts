import type { Logger } from 'pino';
import type { AccountAdminDeps } from '../accounts/admin-actions.js';
import { tenantForEmail } from '../accounts/tenant-for-email.js';
import { composeMail, type DriftAlertLine } from '../mail/compose-mail.js';
import { enqueueMail } from '../mail/enqueue-mail.js';
import { claimUnalertedDrifts } from '../store/port/drift-watch.js';
import { writeTransaction } from '../store/write-transaction.js';

/** Drifts listed one per line in a digest; the rest are counted (a first sweep may find hundreds). */
const LISTED = 50;

/**
 * One mail to each admin address (config alerts.adminEmails) listing every drift not told yet, all
 * tenants together. The drifts are claimed and the mails queued in ONE transaction: a crash before the
 * commit leaves them for the next digest, and two instances never mail the same drift. Returns how
 * many drifts were told.
 */
export async function sendDriftAlerts(
  deps: AccountAdminDeps & { logger: Logger },
  now: Date,
): Promise<number> {
  const { db, config, logger } = deps;
  const ms = now.getTime();
  return writeTransaction(db, async (trx) => {
    const drifts = await claimUnalertedDrifts(trx, ms);
    if (drifts.length === 0) return 0;
    if (config.alerts.adminEmails.length === 0) {
      logger.warn(
        { drifts: drifts.length },
        'passwords changed outside the portal, and no alerts.adminEmails to tell: see the audit log (user_password_drift)',
      );
      return drifts.length;
    }
    drifts.sort((a, b) => a.detectedAt - b.detectedAt || a.changedAt - b.changedAt);
    const listed = drifts.slice(0, LISTED);
    const users = await trx
      .selectFrom('users')
      .select(['id', 'email'])
      .where(
        'id',
        'in',
        listed.map((d) => d.userId),
      )
      .execute();
    const emailOf = new Map(users.map((u) => [u.id, u.email]));
    const lines: DriftAlertLine[] = listed.map((drift) => {
      const email = emailOf.get(drift.userId) ?? drift.userId;
      return {
        email,
        tenant: tenantForEmail(config.tenants, email)?.name ?? '-',
        changedAt: new Date(drift.changedAt),
        activity: drift.activity,
        actor: drift.actor,
        action: drift.action,
      };
    });
    const content = composeMail(
      { kind: 'drift_alert', drifts: lines, more: drifts.length - listed.length },
      {
        // The admins read the organisation's own language, not any one person's.
        language: config.defaultLanguage,
        organisation: config.organisation.name,
        displayName: null,
        supportText: config.organisation.supportText,
        supportUrl: config.organisation.supportUrl,
        messages: config.messages,
      },
    );
    for (const to of config.alerts.adminEmails)
      await enqueueMail(trx, { userId: null, kind: 'drift_alert', to, content, now: ms }, deps.mailSealer);
    return drifts.length;
  });
}
