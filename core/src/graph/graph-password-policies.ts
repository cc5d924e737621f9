import { answerError, type BatchRequest, runBatches } from './graph-batch.js';
import type { GraphRequester } from './graph-request.js';
import type { CallOptions, M365BatchOutcome, M365UserPasswordPolicies } from './types.js';
import { userPath } from './user-path.js';

const POLICY_FIELDS = 'id,userPrincipalName,userType,onPremisesSyncEnabled,passwordPolicies';

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Reads each user's passwordPolicies in JSON batches of GETs; null for a user Graph does not know. */
export async function getPasswordPolicies(
  graph: GraphRequester,
  users: readonly string[],
  options: CallOptions & { now: () => number },
): Promise<Map<string, M365UserPasswordPolicies | null>> {
  const requests: BatchRequest[] = users.map((user, i) => ({
    id: String(i),
    method: 'GET',
    url: `${userPath(user)}?$select=${POLICY_FIELDS}`,
  }));
  const answers = await runBatches(graph, 'getPasswordPolicies', requests, options);
  const result = new Map<string, M365UserPasswordPolicies | null>();
  users.forEach((user, i) => {
    const answer = answers.get(String(i));
    if (answer === undefined) return;
    if (answer.status === 404) {
      result.set(user, null);
      return;
    }
    if (answer.status !== 200) throw answerError('getPasswordPolicies', answer, options.now());
    const raw = (answer.body ?? {}) as Record<string, unknown>;
    result.set(user, {
      id: String(raw.id ?? ''),
      userPrincipalName: String(raw.userPrincipalName ?? user),
      userType: stringOrNull(raw.userType),
      onPremisesSyncEnabled:
        typeof raw.onPremisesSyncEnabled === 'boolean' ? raw.onPremisesSyncEnabled : null,
      passwordPolicies: stringOrNull(raw.passwordPolicies),
    });
  });
  return result;
}

/** PATCHes each user's passwordPolicies in JSON batches of 20; one outcome per update, in order. */
export async function setPasswordPolicies(
  graph: GraphRequester,
  updates: readonly { user: string; passwordPolicies: string }[],
  options: CallOptions & { now: () => number },
): Promise<M365BatchOutcome[]> {
  const requests: BatchRequest[] = updates.map((update, i) => ({
    id: String(i),
    method: 'PATCH',
    url: userPath(update.user),
    body: { passwordPolicies: update.passwordPolicies },
  }));
  const answers = await runBatches(graph, 'setPasswordPolicies', requests, options);
  return updates.map((update, i): M365BatchOutcome => {
    const answer = answers.get(String(i));
    if (answer !== undefined && answer.status >= 200 && answer.status < 300)
      return { user: update.user, ok: true };
    const error = answerError(
      'setPasswordPolicies',
      answer ?? { id: String(i), status: 0, headers: {}, body: null, clientRequestId: '' },
      options.now(),
    );
    return { user: update.user, ok: false, error };
  });
}
