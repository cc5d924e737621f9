/** A stable code and words an admin can act on. */
export interface Reason {
  code: string;
  message: string;
}

export interface ExpiryChange {
  email: string;
  from: string | null;
  to: string;
  /** planned: a dry run; changed: done; failed: Graph refused it (error says why). */
  outcome: 'planned' | 'changed' | 'failed';
  error?: Reason;
}

export interface LockdownReport {
  tenant: string;
  tenantId: string;
  /** false: a dry run, nothing was changed. */
  applied: boolean;
  expiry: {
    /** Portal users in the tenant's domains. */
    users: number;
    changes: ExpiryChange[];
    /** Users whose passwordPolicies already hold DisablePasswordExpiration. */
    unchanged: number;
    /** Users lockdown never touches, and why (GUEST, SYNCED, NOT_IN_MICROSOFT_365). */
    skippedUsers: { email: string; reason: string }[];
    /** Set when the step as a whole could not run (its changes are listed but not made). */
    skipped?: Reason;
  };
  branding: {
    target: string;
    from?: string | null;
    outcome: 'planned' | 'changed' | 'unchanged' | 'skipped' | 'failed';
    reason?: Reason;
    /** The tenant hides the reset link entirely (loginPageTextVisibilitySettings). */
    hidden?: boolean;
  };
}

/** Whether every step was done (or, in a dry run, could be): the command's exit code is 0 then. */
export function lockdownComplete(report: LockdownReport): boolean {
  return (
    report.expiry.skipped === undefined &&
    report.expiry.changes.every((c) => c.outcome !== 'failed') &&
    report.branding.outcome !== 'skipped' &&
    report.branding.outcome !== 'failed'
  );
}
