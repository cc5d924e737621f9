import { randomInt, randomUUID } from 'node:crypto';
import { consumeRecoveryCodeHash } from '../store/port/recovery-factors.js';
import { usableFromForNewMethod } from './cooling-off.js';
import { notifyMethodChange } from './notify-method-change.js';
import { recordMethodAudit } from './record-method-audit.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import type { RecoveryOrigin, RecoveryUser } from './recovery-user.js';

export const RECOVERY_CODE_COUNT = 10;

/**
 * Crockford's base32: no I, L, O or U, so a code read off paper is not mistyped; 12 characters are
 * 60 random bits (see code-hasher.ts for why that, with a keyed hash, is enough).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;

function newCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** XXXX-XXXX-XXXX: how a code is shown and printed. */
export function formatRecoveryCode(code: string): string {
  return code.replaceAll(/(.{4})(?=.)/g, '$1-');
}

/**
 * A code as typed, in its stored form: case, spaces and dashes ignored, and the letters Crockford's
 * alphabet leaves out read as the digits they look like. Null when it cannot be a code at all.
 */
export function normaliseRecoveryCode(typed: string): string | null {
  const code = typed.toUpperCase().replaceAll(/[\s-]/g, '').replaceAll('O', '0').replaceAll(/[IL]/g, '1');
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/**
 * Makes a new set of ten codes, which replaces the person's old set (those stop working). The codes are
 * returned once, to be shown once; only their keyed hashes are stored.
 */
export async function generateRecoveryCodes(
  deps: RecoveryDeps,
  user: RecoveryUser,
  origin: RecoveryOrigin | null,
): Promise<RecoveryOutcome<{ codes: string[] }>> {
  if (!deps.config.recovery.methods.includes('recovery_codes')) return refusedWith('METHOD_NOT_ALLOWED');
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const at = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const usableFrom = await usableFromForNewMethod(trx, deps.config.recovery, user.id, at.getTime());
    const old = await trx
      .deleteFrom('recovery_codes')
      .where('user_id', '=', user.id)
      .returning('id')
      .execute();
    if (old.length > 0)
      await recordMethodAudit(trx, { user, change: 'removed', kind: 'recovery_codes', at, origin });
    await trx
      .insertInto('recovery_codes')
      .values(
        codes.map((code) => ({
          id: randomUUID(),
          user_id: user.id,
          code_hash: deps.codes.recoveryCode(user.id, code),
          created_at: at.getTime(),
          used_at: null,
          usable_from: usableFrom,
        })),
      )
      .execute();
    await recordMethodAudit(trx, { user, change: 'added', kind: 'recovery_codes', at, origin });
    const change = old.length > 0 ? 'replaced' : 'added';
    await notifyMethodChange(trx, deps, { user, change, method: 'recovery_codes', at });
  });
  deps.mailSender?.wake();
  return { status: 'ok', codes: codes.map(formatRecoveryCode) };
}

/**
 * Spends one of the person's recovery codes (store/port consumeRecoveryCodeHash: once, however many
 * requests bring it). CODE_INVALID for a wrong code and for one already used alike. `left`: unused codes
 * remaining, so the person can be told to make new ones when they run low.
 */
export async function consumeRecoveryCode(
  deps: RecoveryDeps,
  userId: string,
  typed: string,
  options: { forReset?: boolean } = {},
): Promise<RecoveryOutcome<{ left: number }>> {
  const code = normaliseRecoveryCode(typed.slice(0, 64));
  if (code === null) return refusedWith('CODE_INVALID');
  const now = deps.now().getTime();
  const hash = deps.codes.recoveryCode(userId, code);
  if (!(await consumeRecoveryCodeHash(deps.db, userId, hash, now, options.forReset === true)))
    return refusedWith('CODE_INVALID');
  const left = await deps.db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('left'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { status: 'ok', left: Number(left.left) };
}
