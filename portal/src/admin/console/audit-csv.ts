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
 * One CSV cell, always quoted (RFC 4180). Excel in a locale whose list separator is `;` splits an
 * unquoted cell at each semicolon, so `a;=cmd` would become a second cell starting with a formula:
 * only a quoted cell is one cell everywhere. A cell a spreadsheet would read as a formula (=, +, -, @,
 * and the tab and carriage return that smuggle one in) also gets a leading apostrophe: OWASP "CSV Injection".
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** The header line, quoted like every other line. */
export function auditCsvHeaderLine(): string {
  return `${AUDIT_CSV_HEADER.map(csvCell).join(',')}\r\n`;
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
