/**
 * Whether `account` (a sign-in name as Microsoft's page shows it, e.g. ada@contoso.com) belongs
 * to one of the organisation's domains: compared case-insensitively on the part after the last @.
 * With no domains configured every account counts as the organisation's, as before the setting.
 */
export function isOwnAccount(account: string, tenantDomains: readonly string[]): boolean {
  if (tenantDomains.length === 0) return true;
  const at = account.lastIndexOf('@');
  if (at === -1) return true;
  const domain = account
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  return tenantDomains.some((own) => own.toLowerCase() === domain);
}
