import type { z } from 'zod/mini';
import { type PasswordPolicy, passwordPolicySchema } from './password-policy-schema.js';

/** One problem in a policy file: the field (dotted path) and what was expected. */
export interface PolicyProblem {
  field: string;
  message: string;
}

/** A policy file that cannot be used. The message lists every bad field and what was expected. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly code = 'INVALID_POLICY';
  readonly problems: PolicyProblem[];

  constructor(problems: PolicyProblem[]) {
    super(`Invalid password policy: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.problems = problems;
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'policy';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function toProblems(issue: z.core.$ZodIssue): PolicyProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: fieldName([...issue.path, key]),
      message: 'unknown field (check the spelling)',
    }));
  }
  return [{ field: fieldName(issue.path), message: issue.message }];
}

/** Parses an admin's policy (already JSON-decoded), filling defaults. Throws PolicyError. */
export function parsePolicy(input: unknown): PasswordPolicy {
  const result = passwordPolicySchema.safeParse(input);
  if (!result.success) throw new PolicyError(result.error.issues.flatMap(toProblems));
  return result.data;
}

/** Every setting at its default: what an empty policy file means. */
export const defaultPolicy: PasswordPolicy = parsePolicy({});
