import { isIP } from 'node:net';
import { assessCertificate, type CertificateExpiry, certificateExpiries } from './certificate-expiry.js';
import type { PortalConfig } from './portal-config-schema.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Settings that are legal but weaken the portal: logged as warnings at start, in words an admin can act on.
 * `now` is the portal's clock, for the tenants' certificates' dates (read from their files, unless given).
 */
export function configWarnings(
  config: PortalConfig,
  now: Date = new Date(),
  certificates: readonly CertificateExpiry[] = certificateExpiries(config.tenants),
): string[] {
  const warnings: string[] = [];
  const url = new URL(config.publicUrl);
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname) && !config.demo) {
    warnings.push(
      'publicUrl is http://: passwords would cross the network unencrypted; serve the portal over https',
    );
  }
  if (config.policy.lockout === null)
    warnings.push('policy.lockout is off: only rate limits slow down password guessing');
  if (config.policy.historyCount === 0)
    warnings.push('policy.historyCount is 0: people may switch back to an old password');
  if (!config.bots.challenge)
    warnings.push(
      'bots.challenge is off: /reset and repeated failed sign-ins ask for no proof of work, so a script can request reset mails and guess passwords as fast as the rate limits allow',
    );
  if (config.tenants.length === 0)
    warnings.push('no Microsoft 365 tenant configured: password changes stay in the portal');
  // A certificate outside its dates is not refused with the config (that would stop the portal for every
  // tenant at the next restart): the portal serves, and changes wait in the queue until it is replaced.
  for (const { tenant, field, ...dates } of certificates) {
    const finding = assessCertificate(dates, now);
    if (finding.level === 'FIX')
      warnings.push(`${field} (tenant ${tenant}): the certificate ${finding.text}: ${finding.action}`);
  }
  if (config.mail === null && !config.demo) {
    warnings.push(
      'mail is not configured: reset, welcome and reminder mails are only written as .eml files to mailDir (their links are NOT logged outside the demo); configure "mail" (SMTP) so people receive them',
    );
  }
  if (config.trustProxy && (config.host === '0.0.0.0' || config.host === '::')) {
    warnings.push(
      'trustProxy is on while listening on every address: a client reaching the port directly can forge X-Forwarded-For',
    );
  }
  if (config.metrics.enabled && config.metrics.bearerToken === null) {
    warnings.push(
      'metrics are on without a token (metrics.bearerToken or PASSGATE_METRICS_TOKEN): anyone who reaches the port can read /metrics; set a token, or let only your monitoring reach the port',
    );
  }
  const { recovery } = config;
  if (recovery.methods.length + (recovery.workMailboxLink === 'always' ? 1 : 0) < 2) {
    warnings.push(
      'recovery.methods allows one kind of method: admin accounts always need two (of different kinds), so they can never register enough; allow a second kind',
    );
  }
  if (recovery.methods.includes('passkey') && isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) {
    warnings.push(
      `publicUrl names an IP address (${url.hostname}): browsers make passkeys only for a host name, so no page offers them; give publicUrl a host name (localhost on one machine)`,
    );
  }
  const database = /^postgres(ql)?:/i.test(config.database) ? new URL(config.database) : null;
  if (
    database !== null &&
    !LOCAL_HOSTS.has(database.hostname) &&
    !['require', 'verify-ca', 'verify-full'].includes(database.searchParams.get('sslmode') ?? '')
  ) {
    warnings.push(
      'database: the PostgreSQL URL asks for no TLS (sslmode): password hashes and sealed passwords would cross the network in clear; add ?sslmode=verify-full (and sslrootcert=FILE for a private CA)',
    );
  }
  return warnings;
}
