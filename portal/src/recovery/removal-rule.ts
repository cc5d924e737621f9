import type { RefusalCode } from '@passgate/core/codes';
import type { RecoveryConfig, RecoveryKind } from '../config/recovery-config-schema.js';
import type { RecoveryOverview } from './list-methods.js';
import { registeredKinds, standingOf } from './standing.js';

/** What is being removed: one method by id, or the whole set of recovery codes. */
export type RemovalTarget = { methodId: string } | 'recovery_codes';

/**
 * Whether removing `target` is refused, and why:
 * - LAST_METHOD: it is the person's last method that counts (every method left would be none);
 * - METHODS_BELOW_REQUIRED: it is the last of its kind, and the kinds left (plus the work mailbox when
 *   it always counts) fall below what the policy asks of this person.
 * Removing one of several passkeys leaves the kinds as they were, so it is allowed even below the
 * requirement: a lost key must be removable. A method of a kind the policy no longer allows counts for
 * nothing, so removing it is never refused. METHOD_NOT_FOUND when there is no such method.
 */
export function removalRefusal(
  overview: RecoveryOverview,
  target: RemovalTarget,
  isAdmin: boolean,
  config: RecoveryConfig,
): RefusalCode | null {
  const kind: RecoveryKind | undefined =
    target === 'recovery_codes'
      ? overview.recoveryCodes === null
        ? undefined
        : 'recovery_codes'
      : overview.methods.find((method) => method.id === target.methodId)?.kind;
  if (kind === undefined) return 'METHOD_NOT_FOUND';
  if (!config.methods.includes(kind)) return null;
  const after = withoutTarget(overview, target);
  const countedAfter =
    after.methods.filter((method) => config.methods.includes(method.kind)).length +
    (config.methods.includes('recovery_codes') && (after.recoveryCodes?.left ?? 0) > 0 ? 1 : 0);
  const before = registeredKinds(overview, config.methods);
  if (countedAfter === 0 && before.length > 0) return 'LAST_METHOD';
  const standing = standingOf(after, isAdmin, config);
  if (standing.kinds.length < before.length && !standing.enough) return 'METHODS_BELOW_REQUIRED';
  return null;
}

function withoutTarget(overview: RecoveryOverview, target: RemovalTarget): RecoveryOverview {
  if (target === 'recovery_codes') return { ...overview, recoveryCodes: null };
  return { ...overview, methods: overview.methods.filter((method) => method.id !== target.methodId) };
}
