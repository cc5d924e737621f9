import { M365_CLOUDS } from '@passgate/core/graph';
import { tenantForEmail } from '../accounts/tenant-for-email.js';
import type { WebConfig } from './web-config.js';

export type SignInTenants = NonNullable<WebConfig['tenants']>;

/** Global Microsoft 365 sign-in: also where a portal-only person (no tenant) is pointed. */
const GLOBAL_SIGN_IN = `${M365_CLOUDS.global.authorityHost}/`;

/**
 * Where "Sign in to Microsoft 365" leads for `email`: the sign-in page of its tenant's cloud
 * (login.microsoftonline.com, .us for US Government, login.partner.microsoftonline.cn for 21Vianet;
 * shared/reference/microsoft-365.md, "clouds"). The config names no other sign-in page. A custom
 * `{ authorityHost, graphBaseUrl }` pair names a token endpoint (a proxy, or the emulator in the
 * demo), not a page people sign in on, so it gets the global one.
 */
export function microsoftSignInUrl(tenants: SignInTenants, email: string): string {
  const cloud = tenantForEmail(tenants, email)?.graph?.cloud;
  if (typeof cloud !== 'string' || !Object.hasOwn(M365_CLOUDS, cloud)) return GLOBAL_SIGN_IN;
  return `${M365_CLOUDS[cloud as keyof typeof M365_CLOUDS].authorityHost}/`;
}
