import type { RefusalCode } from '@passgate/core/codes';
import type { ChangeOutcome } from './account-service.js';

/** A refusal with one of the portal's own codes. */
export function refused(code: RefusalCode): ChangeOutcome & { status: 'refused' } {
  return { status: 'refused', refusals: [{ code }] };
}
