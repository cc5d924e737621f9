import type { TenantConfig } from '../config/portal-config.js';
import type { PasswordContext } from './account-service.js';

/** What the policy checks a password against (username, e-mail, display name, tenant name). */
export function passwordContext(
  user: { email: string; display_name: string | null },
  tenant: TenantConfig | null,
): PasswordContext {
  return {
    username: user.email.slice(0, user.email.indexOf('@')),
    email: user.email,
    ...(user.display_name ? { displayName: user.display_name } : {}),
    ...(tenant ? { tenantName: tenant.name } : {}),
  };
}
