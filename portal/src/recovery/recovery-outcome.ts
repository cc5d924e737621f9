import type { RefusalCode } from '@passgate/core/codes';
import type { LimitEnd } from '../accounts/limit-end.js';

/**
 * What a recovery function answers: a value, or a refusal with a stable code (words are chosen at the
 * edge, http/refusal-table.ts). Wrong input is an expected outcome, never a throw (STYLE 7).
 */
export type RecoveryOutcome<T extends object = object> =
  | ({ status: 'ok' } & T)
  | { status: 'refused'; code: RefusalCode; limit?: LimitEnd };

/** A refusal with one of the portal's codes. */
export function refusedWith(code: RefusalCode): { status: 'refused'; code: RefusalCode } {
  return { status: 'refused', code };
}
