import type { AuditEvent } from '@passgate/core/events';

export const AUDIT_CSV_HEADER = [
  'id',
  'event_type',
  'timestamp',
  'resource_type',
  'resource_id',
  'username',
  'initiated_by_type',
  'initiated_by_id',
  'initiated_by_email',
  'success',
  'changes',
  'error_message',
  'client_ip',
  'useragent',
  'correlation_id',
] as const;

/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would read as a formula (=, +, -, @, and the
 * tab and carriage return that smuggle one in) gets a leading apostrophe: OWASP "CSV Injection".
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text.startsWith("'") ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One event as a CSV line (CRLF-terminated, as RFC 4180 says). */
export function auditCsvLine(event: AuditEvent): string {
  const changes = event.changes
    .map((change) =>
      'from' in change || 'to' in change
        ? `${change.field}: ${String(change.from ?? '')} -> ${String(change.to ?? '')}`
        : change.field,
    )
    .join('; ');
  return `${[
    event.id,
    event.event_type,
    event.timestamp,
    event.resource.type,
    event.resource.id,
    event.resource.username,
    event.initiated_by.type,
    event.initiated_by.id,
    event.initiated_by.email,
    event.success,
    changes,
    event.error_message,
    event.client_ip,
    event.useragent,
    event.correlation.id,
  ]
    .map(csvCell)
    .join(',')}\r\n`;
}
