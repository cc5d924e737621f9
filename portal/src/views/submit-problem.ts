import type { MessageRef } from '@passgate/core/i18n/browser';
import { type LiveCheck, liveRequirementStates, type Requirement } from '@passgate/core/policy';

/** Why the browser holds a submit back, and which field says so. */
export interface SubmitProblem extends MessageRef {
  field: 'newPassword' | 'confirmPassword';
}

/**
 * What the browser already knows the server would refuse in the new-password fields, or null when
 * only the server can judge what is left (the current password, the common-password list, history).
 */
export function submitProblem(
  next: string,
  again: string,
  page: { requirements: readonly Requirement[]; check: (password: string) => LiveCheck | null },
): SubmitProblem | null {
  if (next === '') return { field: 'newPassword', key: 'form.missing.newPassword' };
  const unmet = liveRequirementStates(page.requirements, page.check(next)).filter(
    (s) => s === 'unmet',
  ).length;
  if (unmet > 0) return { field: 'newPassword', key: 'requirements.blocked', values: { count: unmet } };
  if (again === '') return { field: 'confirmPassword', key: 'form.missing.confirmPassword' };
  if (again !== next) return { field: 'confirmPassword', key: 'match.no' };
  return null;
}
