import type { M365AccessClaims } from './types.js';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Reads the claims of the app's own access token, which Entra issued to this process over TLS a
 * moment ago. The signature is not checked, and need not be: nothing is trusted on its strength.
 * The claims only tell the admin what Entra granted (`roles`, `wids`) and name the tenant (`tid`);
 * Graph still checks the token and its permissions on every call, so a claim read wrongly could
 * only make Passgate skip or report a step, never do something it may not.
 *
 * Microsoft asks clients to treat access tokens as opaque: this returns null for a token that is
 * not a JWT with a tenant id, and callers must say "unknown" rather than guess.
 */
export function readAccessClaims(token: string): M365AccessClaims | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const claims = parsed as Record<string, unknown>;
  if (typeof claims.tid !== 'string' || claims.tid === '') return null;
  const appId =
    typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : null;
  return {
    tenantId: claims.tid,
    appId,
    roles: strings(claims.roles),
    directoryRoleIds: strings(claims.wids).map((id) => id.toLowerCase()),
  };
}
