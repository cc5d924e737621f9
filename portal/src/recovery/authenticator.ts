import { randomUUID } from 'node:crypto';
import { usableFromForNewMethod } from './cooling-off.js';
import { notifyMethodChange } from './notify-method-change.js';
import { recordMethodAudit } from './record-method-audit.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import type { RecoveryOrigin, RecoveryUser } from './recovery-user.js';
import { matchTotp, newTotpSecret, totpQrSvg, totpUri } from './totp.js';

/** How long a person has to scan the code and type the first code before the setup is dropped. */
export const TOTP_SETUP_MINUTES = 15;

const LABEL = 'Authenticator app';

/** What the setup page shows: the key URI as a QR code, and the same secret to type by hand. */
export interface TotpSetup {
  /** Base32, as apps take it typed in. */
  secret: string;
  uri: string;
  qrSvg: string;
  expiresAt: Date;
}

/** The secret is sealed bound to its row: moved to another person's row, it does not open. */
export function totpSealContext(methodId: string): string {
  return `totp:${methodId}`;
}

/**
 * The row's secret, or null when it no longer opens (secretKey was changed, or the row was tampered
 * with): that app can no longer prove anything, and the person must add it again. Never a throw,
 * so a changed key answers "code not right", not a server error.
 */
export function openTotpSecret(
  deps: Pick<RecoveryDeps, 'totpSealer'>,
  row: { id: string; totp_secret: Uint8Array | null },
): string | null {
  if (row.totp_secret === null) return null;
  try {
    return deps.totpSealer.open(row.totp_secret, totpSealContext(row.id));
  } catch {
    return null;
  }
}

/**
 * Starts adding an authenticator app: a new secret made here (never by the browser), stored sealed in a
 * row that is not a method until its first code is confirmed. An earlier unfinished setup is dropped.
 */
export async function startTotp(deps: RecoveryDeps, user: RecoveryUser): Promise<RecoveryOutcome> {
  if (!deps.config.recovery.methods.includes('totp')) return refusedWith('METHOD_NOT_ALLOWED');
  const id = randomUUID();
  const now = deps.now().getTime();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('recovery_methods')
      .where('user_id', '=', user.id)
      .where('kind', '=', 'totp')
      .where('confirmed_at', 'is', null)
      .execute();
    await trx
      .insertInto('recovery_methods')
      .values({
        id,
        user_id: user.id,
        kind: 'totp',
        label: LABEL,
        created_at: now,
        confirmed_at: null,
        last_used_at: null,
        email: null,
        totp_secret: deps.totpSealer.seal(newTotpSecret(), totpSealContext(id)),
        totp_last_step: null,
        credential_id: null,
        public_key: null,
        sign_count: null,
        transports: null,
      })
      .execute();
  });
  return { status: 'ok' };
}

async function pendingSetup(
  deps: RecoveryDeps,
  userId: string,
): Promise<{ id: string; secret: string; expiresAt: number } | null> {
  const oldest = deps.now().getTime() - TOTP_SETUP_MINUTES * 60_000;
  const row = await deps.db
    .selectFrom('recovery_methods')
    .select(['id', 'totp_secret', 'created_at'])
    .where('user_id', '=', userId)
    .where('kind', '=', 'totp')
    .where('confirmed_at', 'is', null)
    .where('created_at', '>', oldest)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const secret = row === undefined ? null : openTotpSecret(deps, row);
  if (row === undefined || secret === null) return null;
  return { id: row.id, secret, expiresAt: row.created_at + TOTP_SETUP_MINUTES * 60_000 };
}

/** The setup in progress (to show its QR code and secret), or null when none was started or it ran out. */
export async function totpSetup(deps: RecoveryDeps, user: RecoveryUser): Promise<TotpSetup | null> {
  const pending = await pendingSetup(deps, user.id);
  if (pending === null) return null;
  const uri = totpUri({ issuer: deps.config.organisation.name, account: user.email, secret: pending.secret });
  return { secret: pending.secret, uri, qrSvg: totpQrSvg(uri), expiresAt: new Date(pending.expiresAt) };
}

/**
 * Confirms the setup with the first code the app shows (±1 step). That step counts as used: the same
 * code cannot then sign anyone in. The new app replaces an app registered before (one per person).
 */
export async function confirmTotp(
  deps: RecoveryDeps,
  user: RecoveryUser,
  code: string,
  origin: RecoveryOrigin | null,
): Promise<RecoveryOutcome> {
  if (!deps.config.recovery.methods.includes('totp')) return refusedWith('METHOD_NOT_ALLOWED');
  const pending = await pendingSetup(deps, user.id);
  if (pending === null) return refusedWith('SETUP_EXPIRED');
  const at = deps.now();
  const step = matchTotp(pending.secret, code, at.getTime());
  if (step === null) return refusedWith('CODE_INVALID');
  const confirmed = await deps.db.transaction().execute(async (trx) => {
    const usableFrom = await usableFromForNewMethod(trx, deps.config.recovery, user.id, at.getTime());
    // Conditional on the row still being this unconfirmed setup: a second tab confirming it too changes nothing.
    const result = await trx
      .updateTable('recovery_methods')
      .set({ confirmed_at: at.getTime(), totp_last_step: step, usable_from: usableFrom })
      .where('id', '=', pending.id)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    const replaced = await trx
      .deleteFrom('recovery_methods')
      .where('user_id', '=', user.id)
      .where('kind', '=', 'totp')
      .where('id', '!=', pending.id)
      .returning('id')
      .execute();
    if (replaced.length > 0)
      await recordMethodAudit(trx, { user, change: 'removed', kind: 'totp', at, origin });
    await recordMethodAudit(trx, { user, change: 'added', kind: 'totp', at, origin });
    const change = replaced.length > 0 ? 'replaced' : 'added';
    await notifyMethodChange(trx, deps, { user, change, method: 'totp', at });
    return true;
  });
  if (confirmed) deps.mailSender?.wake();
  return confirmed ? { status: 'ok' } : refusedWith('SETUP_EXPIRED');
}
