import type { RecoveryKind } from '../config/recovery-config-schema.js';

/**
 * What each kind of recovery method is called in the CLI's output, which stays English as the rest of
 * the admin's terminal does. Pages word kinds from the catalogue (`kind.*`, `method.kindInSentence`).
 */
export const KIND_NAMES: Record<RecoveryKind, string> = {
  personal_email: 'Personal e-mail address',
  totp: 'Authenticator app',
  passkey: 'Passkey',
  recovery_codes: 'Recovery codes',
};
