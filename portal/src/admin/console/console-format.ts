import type { MessageKey, Messages } from '@passgate/core/i18n';
import type { UserStatus } from '../../store/database-schema.js';

/**
 * Times on console pages: in the admin's language, but always in UTC to the minute, so two admins
 * comparing notes (or an admin and the log) read the same moment wherever they sit.
 */
export function formatTime(messages: Messages, ms: number | null): string {
  if (ms === null) return messages.t('console.time.never');
  const time = messages.formatDate(new Date(ms), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return messages.t('console.time.utc', { time });
}

/** "3 minutes", "2 hours", "5 days": how long ago or how long for, with the language's plural rules. */
export function formatSpan(messages: Messages, ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return messages.t('console.span.minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return messages.t('console.span.hours', { count: hours });
  return messages.t('console.span.days', { count: Math.round(hours / 24) });
}

/** A count as the admin's language writes numbers (grouping, digits). */
export function formatCount(messages: Messages, value: number): string {
  return new Intl.NumberFormat(messages.locale).format(value);
}

/** A person's state, as the console names it. */
export const STATUS_KEYS: { readonly [S in UserStatus]: MessageKey } = {
  active: 'console.state.active',
  expired: 'console.state.expired',
  suspended: 'console.state.suspended',
  pending_activation: 'console.state.pendingActivation',
};
