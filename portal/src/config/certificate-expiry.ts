import {
  ClientCertificateError,
  type ClientCertificateValidity,
  clientCertificateValidity,
} from '@passgate/core/graph';
import type { TenantConfig } from './portal-config-schema.js';

/**
 * Within this many days of its end a tenant's certificate is warned about at start and is a FIX in
 * `tenants check --deep`: time to make a new one, have it uploaded in Entra ID and restart.
 */
export const CERTIFICATE_WARNING_DAYS = 30;

const DAY_MS = 86_400_000;

/** What an admin does about a certificate that expired or is about to. */
export const RENEW_CERTIFICATE =
  'upload a new certificate to the app registration in Entra ID (Certificates & secrets), then point clientCertificate.path at its PEM file (key and certificate) and restart the portal';

const CHECK_CLOCK = "check this server's clock, and the dates the certificate was made with";

export interface CertificateExpiry extends ClientCertificateValidity {
  tenant: string;
  /** The config field, e.g. tenants[0].graph.clientCertificate. */
  field: string;
}

/**
 * When a tenant's certificate is valid, read from its file; 'inline' for a key given without its
 * certificate (no dates to read); null for a client secret, or for a file that can no longer be read:
 * it was read and checked as the config was loaded, and one removed or changed since then shows at the
 * next token request (AUTH_FAILED), not here.
 */
export function tenantCertificateDates(
  graph: TenantConfig['graph'],
): ClientCertificateValidity | 'inline' | null {
  const certificate = graph.clientCertificate;
  if (certificate === undefined) return null;
  if (!('path' in certificate)) return 'inline';
  try {
    return clientCertificateValidity(certificate);
  } catch (error) {
    if (error instanceof ClientCertificateError) return null;
    throw error;
  }
}

/** The tenants that sign in with a certificate file, and when each certificate is valid. */
export function certificateExpiries(tenants: readonly TenantConfig[]): CertificateExpiry[] {
  return tenants.flatMap((tenant, i) => {
    const dates = tenantCertificateDates(tenant.graph);
    if (dates === null || dates === 'inline') return [];
    return [{ tenant: tenant.name, field: `tenants[${i}].graph.clientCertificate`, ...dates }];
  });
}

/** What a certificate's dates mean at a moment, for the start-up warning and `tenants check --deep`. */
export interface CertificateFinding {
  /** FIX: expired, not valid yet, or within CERTIFICATE_WARNING_DAYS of its end. */
  level: 'ok' | 'FIX';
  /** What the dates mean, after "the certificate": "expires on 2026-03-01 12:00 UTC, in 12 days". */
  text: string;
  /** What to do, for a FIX. */
  action: string | null;
}

/** A moment as admins read it in a message: 2026-03-01 12:00 UTC. */
function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Whether a certificate is valid at `now` (its first and last second included), and how long it has
 * left. Outside its dates Entra ID refuses every token request (AUTH_FAILED): the portal keeps serving
 * and accepted changes wait in the queue, going out once the certificate is replaced.
 */
export function assessCertificate(dates: ClientCertificateValidity, now: Date): CertificateFinding {
  const left = dates.notAfter.getTime() - now.getTime();
  if (left < 0)
    return {
      level: 'FIX',
      text: `expired on ${utc(dates.notAfter)}; no password reaches Microsoft 365 until it is replaced (every token request fails with AUTH_FAILED; changes wait in the queue and go out once it is)`,
      action: RENEW_CERTIFICATE,
    };
  if (now.getTime() < dates.notBefore.getTime())
    return {
      level: 'FIX',
      text: `is not valid until ${utc(dates.notBefore)}; no password reaches Microsoft 365 until then (every token request fails with AUTH_FAILED; changes wait in the queue)`,
      action: CHECK_CLOCK,
    };
  const days = Math.floor(left / DAY_MS);
  const expires = `expires on ${utc(dates.notAfter)}, ${days === 0 ? 'in less than a day' : `in ${days} day${days === 1 ? '' : 's'}`}`;
  if (left > CERTIFICATE_WARNING_DAYS * DAY_MS) return { level: 'ok', text: expires, action: null };
  return {
    level: 'FIX',
    text: `${expires}; from then on no password reaches Microsoft 365 (AUTH_FAILED, changes wait in the queue)`,
    action: RENEW_CERTIFICATE,
  };
}
