import type { GraphRequester } from './graph-request.js';
import { M365Error } from './m365-error.js';
import type { CallOptions, M365Domain } from './types.js';

const DOMAIN_FIELDS = 'id,authenticationType,passwordValidityPeriodInDays,passwordNotificationWindowInDays';

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** GET /domains/{name} (Domain.Read.All): its password expiry; null when the tenant has no such domain. */
export async function getDomain(
  graph: GraphRequester,
  name: string,
  options?: CallOptions,
): Promise<M365Domain | null> {
  try {
    const response = await graph({
      operation: 'getDomain',
      method: 'GET',
      path: `/domains/${encodeURIComponent(name)}?$select=${DOMAIN_FIELDS}`,
      ...(options ? { options } : {}),
    });
    const raw = JSON.parse(response.body) as Record<string, unknown>;
    return {
      id: typeof raw.id === 'string' ? raw.id : name,
      authenticationType: typeof raw.authenticationType === 'string' ? raw.authenticationType : null,
      passwordValidityPeriodInDays: numberOrNull(raw.passwordValidityPeriodInDays),
      passwordNotificationWindowInDays: numberOrNull(raw.passwordNotificationWindowInDays),
    };
  } catch (error) {
    if (error instanceof M365Error && error.status === 404) return null;
    throw error;
  }
}
