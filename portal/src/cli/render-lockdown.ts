import type { LockdownReport } from '../lockdown/lockdown-report.js';

const SKIP_WORDS: Record<string, string> = {
  GUEST: 'a guest: its password belongs to its home directory',
  SYNCED: 'synced from on-premises: its expiry follows Active Directory',
  NOT_IN_MICROSOFT_365: 'no Microsoft 365 account with this address',
};

/** The lockdown report as the lines `passgate tenants lockdown` prints. */
export function lockdownLines(report: LockdownReport): string[] {
  const verb = report.applied ? 'changed' : 'would change';
  const lines = [
    report.applied
      ? `lockdown of ${report.tenant} (${report.tenantId})`
      : `lockdown of ${report.tenant} (${report.tenantId}): dry run, nothing changed; add --apply to make these changes`,
  ];
  const { expiry, branding } = report;
  lines.push(
    `Microsoft's own password expiry (passwordPolicies + DisablePasswordExpiration), ${expiry.users} portal users:`,
  );
  for (const change of expiry.changes) {
    const what = `${change.email}: ${change.from ?? '(none)'} -> ${change.to}`;
    if (change.outcome === 'failed')
      lines.push(`  FAILED        ${what}: ${change.error?.code}: ${change.error?.message}`);
    else lines.push(`  ${expiry.skipped ? 'not changed ' : verb.padEnd(12)}  ${what}`);
  }
  if (expiry.unchanged > 0)
    lines.push(`  unchanged     ${expiry.unchanged} already have DisablePasswordExpiration`);
  for (const skipped of expiry.skippedUsers)
    lines.push(`  left alone    ${skipped.email}: ${skipped.reason} (${SKIP_WORDS[skipped.reason] ?? ''})`);
  if (expiry.skipped) lines.push(`  SKIPPED       ${expiry.skipped.code}: ${expiry.skipped.message}`);
  if (expiry.changes.length === 0 && !expiry.skipped) lines.push('  nothing to change');

  lines.push('Sign-in page reset link ("Forgot my password?"):');
  const from = branding.from === undefined ? '' : `${branding.from ?? "(Microsoft's own reset)"} -> `;
  switch (branding.outcome) {
    case 'unchanged':
      lines.push(`  unchanged     already ${branding.target}`);
      break;
    case 'planned':
    case 'changed':
      lines.push(`  ${verb.padEnd(12)}  ${from}${branding.target}`);
      break;
    default:
      lines.push(
        `  ${branding.outcome === 'failed' ? 'FAILED ' : 'SKIPPED'}       ${branding.reason?.code}: ${branding.reason?.message}`,
      );
  }
  if (branding.hidden) lines.push('  note          the tenant hides the link (hideAccountResetCredentials)');
  return lines;
}
