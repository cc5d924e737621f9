import { ENTRA_MIN_PASSWORD_LENGTH, ENTRA_REQUIRED_CHARACTER_KINDS } from '../m365/entra-rules.js';

/** The fields the limits depend on (kept structural so the schema can call this while refining). */
export interface LengthSettings {
  minLength: number;
  maxLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumber: boolean;
  requireSpecial: boolean;
  microsoft365: { enforce: boolean; maxLength: number };
}

/** The lengths that actually apply: the admin's, tightened by Entra's fixed rules when enforced. */
export function effectiveLengthLimits(policy: LengthSettings): { min: number; max: number } {
  if (!policy.microsoft365.enforce) return { min: policy.minLength, max: policy.maxLength };
  return {
    min: Math.max(policy.minLength, ENTRA_MIN_PASSWORD_LENGTH),
    max: Math.min(policy.maxLength, policy.microsoft365.maxLength),
  };
}

/** How many of the four kinds the admin's toggles demand. */
export function adminRequiredKindCount(policy: LengthSettings): number {
  return [
    policy.requireLowercase,
    policy.requireUppercase,
    policy.requireNumber,
    policy.requireSpecial,
  ].filter(Boolean).length;
}

/** How many distinct kinds a password needs at least, counting Entra's 3-of-4 when enforced. */
export function requiredKindCount(policy: LengthSettings): number {
  const admin = adminRequiredKindCount(policy);
  return policy.microsoft365.enforce ? Math.max(admin, ENTRA_REQUIRED_CHARACTER_KINDS) : admin;
}
