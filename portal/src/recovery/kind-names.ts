import type { RecoveryKind } from '../config/recovery-config-schema.js';

/** What each kind of recovery method is called on the pages. */
export const KIND_NAMES: Record<RecoveryKind, string> = {
  personal_email: 'Personal e-mail address',
  totp: 'Authenticator app',
  passkey: 'Passkey',
  recovery_codes: 'Recovery codes',
};

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** A day as people read it: 2 March 2026 (UTC, as the audit log). */
export function formatDay(date: Date): string {
  return DATE.format(date);
}

/** "1 way" / "2 ways". */
export function ways(count: number): string {
  return `${count} ${count === 1 ? 'way' : 'ways'}`;
}
