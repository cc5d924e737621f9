/**
 * The audit log activities that mean "this user's password was set or changed", by service
 * (entra-docs docs/identity/monitoring-health/reference-audit-activities.md): Core Directory logs
 * "Change user password", "Reset password" (an admin or an app through Graph, Passgate included) and
 * "Set force change user password"; Self-service Password Management logs "Reset password (by admin)",
 * "Reset password (self-service)" (aka.ms/sspr, Windows' sign-in screen) and "Change password
 * (self-service)" (My Sign-Ins, the Authenticator app).
 */
export const PASSWORD_AUDIT_ACTIVITIES = [
  'Change user password',
  'Reset password',
  'Reset password (by admin)',
  'Change password (self-service)',
  'Reset password (self-service)',
  'Set force change user password',
] as const;
