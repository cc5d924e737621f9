import type { Messages } from '@passgate/core/i18n/browser';

/** A day as the reader's language writes it (2 March 2026, 2. März 2026), in UTC as the audit log. */
export function formatDay(messages: Messages, date: Date): string {
  return messages.formatDate(date, { dateStyle: 'long', timeZone: 'UTC' });
}
