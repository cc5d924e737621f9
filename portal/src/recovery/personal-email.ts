import { randomUUID } from 'node:crypto';
import { usableForResetAt, usableFromForNewMethod } from './cooling-off.js';
import { checkEmailCode, type EmailCodePurpose, sendEmailCode } from './email-codes.js';
import { notifyMethodChange } from './notify-method-change.js';
import { recordMethodAudit } from './record-method-audit.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import type { RecoveryOrigin, RecoveryUser } from './recovery-user.js';

/**
 * Starts adding a personal address: mails a 6-digit code to it (purpose confirm_email). An address in one
 * of the organisation's own domains is refused: it lives in Microsoft 365, the very thing this method
 * must work without. The address is kept with the code, not passed back by the page.
 */
export async function startPersonalEmail(
  deps: RecoveryDeps,
  user: RecoveryUser,
  address: string,
): Promise<RecoveryOutcome<{ expiresAt: Date }>> {
  if (!deps.config.recovery.methods.includes('personal_email')) return refusedWith('METHOD_NOT_ALLOWED');
  const to = address.trim().toLowerCase();
  const domain = to.slice(to.lastIndexOf('@') + 1);
  const workDomains = new Set(deps.config.tenants.flatMap((tenant) => tenant.domains));
  const ownDomain = user.email.slice(user.email.lastIndexOf('@') + 1).toLowerCase();
  if (to === user.email.toLowerCase() || domain === ownDomain || workDomains.has(domain))
    return refusedWith('PERSONAL_EMAIL_IS_WORK');
  return sendEmailCode(deps, { user, purpose: 'confirm_email', to });
}

/**
 * Confirms the address with the code mailed to it; it becomes the person's personal address, replacing
 * the one they had (one per person: the newest confirmed is the one codes go to).
 */
export async function confirmPersonalEmail(
  deps: RecoveryDeps,
  user: RecoveryUser,
  code: string,
  origin: RecoveryOrigin | null,
): Promise<RecoveryOutcome<{ email: string }>> {
  if (!deps.config.recovery.methods.includes('personal_email')) return refusedWith('METHOD_NOT_ALLOWED');
  const checked = await checkEmailCode(deps, { userId: user.id, purpose: 'confirm_email', code });
  if (checked.status === 'refused') return checked;
  const at = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const usableFrom = await usableFromForNewMethod(trx, deps.config.recovery, user.id, at.getTime());
    const replaced = await trx
      .deleteFrom('recovery_methods')
      .where('user_id', '=', user.id)
      .where('kind', '=', 'personal_email')
      .returning(['id', 'email'])
      .execute();
    if (replaced.length > 0)
      await recordMethodAudit(trx, { user, change: 'removed', kind: 'personal_email', at, origin });
    await trx
      .insertInto('recovery_methods')
      .values({
        id: randomUUID(),
        user_id: user.id,
        kind: 'personal_email',
        label: 'Personal e-mail address',
        created_at: at.getTime(),
        confirmed_at: at.getTime(),
        last_used_at: null,
        email: checked.target,
        totp_secret: null,
        totp_last_step: null,
        credential_id: null,
        public_key: null,
        sign_count: null,
        transports: null,
        usable_from: usableFrom,
      })
      .execute();
    await recordMethodAudit(trx, { user, change: 'added', kind: 'personal_email', at, origin });
    await notifyMethodChange(trx, deps, {
      user,
      change: replaced.length > 0 ? 'replaced' : 'added',
      method: 'personal_email',
      at,
      alsoTo: replaced.map((row) => row.email),
    });
  });
  deps.mailSender?.wake();
  return { status: 'ok', email: checked.target };
}

/** The person's confirmed personal address, or null. */
export async function personalEmailOf(
  deps: Pick<RecoveryDeps, 'db'>,
  userId: string,
  options: { usableForResetAt?: number } = {},
): Promise<string | null> {
  const at = options.usableForResetAt;
  const row = await deps.db
    .selectFrom('recovery_methods')
    .select('email')
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal_email')
    .where('confirmed_at', 'is not', null)
    .$if(at !== undefined, (qb) => qb.where(usableForResetAt(at ?? 0)))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.email ?? null;
}

/**
 * Mails a code for `purpose` to the person's confirmed personal address (sign-in to security info, and
 * later a reset or an unlock). METHOD_NOT_FOUND when they have none.
 */
export async function sendPersonalEmailCode(
  deps: RecoveryDeps,
  user: RecoveryUser,
  purpose: Exclude<EmailCodePurpose, 'confirm_email'>,
): Promise<RecoveryOutcome<{ expiresAt: Date; to: string }>> {
  const to = await personalEmailOf(deps, user.id);
  if (to === null) return refusedWith('METHOD_NOT_FOUND');
  const sent = await sendEmailCode(deps, { user, purpose, to });
  return sent.status === 'ok' ? { ...sent, to } : sent;
}

/**
 * Checks a code sent by sendPersonalEmailCode. It proves the personal address only while that is still
 * the person's address: a code mailed to an address replaced since proves nothing (CODE_EXPIRED).
 */
export async function checkPersonalEmailCode(
  deps: RecoveryDeps,
  userId: string,
  purpose: Exclude<EmailCodePurpose, 'confirm_email'>,
  code: string,
): Promise<RecoveryOutcome> {
  const checked = await checkEmailCode(deps, { userId, purpose, code });
  if (checked.status === 'refused') return checked;
  const used = await deps.db
    .updateTable('recovery_methods')
    .set({ last_used_at: deps.now().getTime() })
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal_email')
    .where('email', '=', checked.target)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return used.numUpdatedRows > 0n ? { status: 'ok' } : refusedWith('CODE_EXPIRED');
}
