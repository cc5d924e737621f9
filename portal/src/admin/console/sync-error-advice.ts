import type { M365ErrorCode } from '@passgate/core/graph';

/** Codes the sync worker writes besides Microsoft's: a job it could not run, and one an admin gave up on. */
type PortalJobCode = 'CANNOT_RUN' | 'GAVE_UP';

/**
 * The one table from a sync job's error code (the part of last_error before the colon) to a sentence on
 * what to do. Keyed by code, never by Microsoft's words, which change.
 */
export const SYNC_ERROR_ADVICE: { readonly [C in M365ErrorCode | PortalJobCode]: string } = {
  PASSWORD_REJECTED:
    'Microsoft 365 refused the password (complexity or its banned-password list): the person must choose another one in the portal.',
  USER_NOT_FOUND:
    'Microsoft 365 has no such user: check the address in Entra ID (renamed or deleted?) and in the portal.',
  FORBIDDEN:
    "The app lacks a role for this account: admin accounts need Privileged Authentication Administrator on the app's service principal.",
  AUDIT_LOG_DENIED:
    'The app cannot read the directory audit log: grant AuditLog.Read.All (drift detection only).',
  FEDERATED_OR_SYNCED:
    'The account is synced from on-premises or federated: its password is changed there, not through the portal.',
  AUTH_FAILED:
    "The app could not sign in to the tenant: its client secret or certificate has probably expired. Renew it in Entra ID and in the portal's config; the job waits meanwhile.",
  THROTTLED:
    'Microsoft 365 is throttling the app: nothing to do, the job waits as long as Microsoft asks and goes on.',
  UNAVAILABLE:
    'Microsoft 365 did not answer (outage or network): check the proxy and connectivity if this lasts; the job is retried.',
  LINK_OUTSIDE_GRAPH:
    "Graph sent a link outside the configured Graph root: check the tenant's cloud setting.",
  UNEXPECTED:
    'An unexpected answer: look up the request-id in the log; the job is retried a few times before it ends.',
  BRANDING_NOT_FOUND: 'The tenant has no sign-in branding yet (not a password job problem).',
  LICENCE_REQUIRED: 'The tenant lacks the licence the feature needs (not a password job problem).',
  CANNOT_RUN:
    'The portal could not run the job (its tenant left the config, or the secret key changed): the person must change the password again.',
  GAVE_UP: 'An admin gave up on this job: the person must change the password again in the portal.',
};

/** The code at the start of a job's last_error ("THROTTLED: …"), or null. */
export function errorCodeOf(lastError: string | null): string | null {
  if (lastError === null) return null;
  const match = /^([A-Z_]+):/.exec(lastError);
  return match?.[1] ?? null;
}

/** What to do about a job's last error, or a general sentence for a code the table does not know. */
export function adviceFor(lastError: string | null): string | null {
  const code = errorCodeOf(lastError);
  if (code === null) return null;
  return code in SYNC_ERROR_ADVICE
    ? SYNC_ERROR_ADVICE[code as keyof typeof SYNC_ERROR_ADVICE]
    : 'An error the portal does not know: look up the request-id in the log.';
}
