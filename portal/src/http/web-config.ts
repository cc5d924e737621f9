import type { M365CloudName } from '@passgate/core/graph';
import type { Language } from '@passgate/core/i18n';
import type { PasswordPolicy } from '@passgate/core/policy';
import type { AdminConfig } from '../admin/admin-config-schema.js';
import type { ExtensionKitConfig } from '../extension-kit/extension-kit-config.js';

/**
 * The part of the portal's configuration that the web layer reads. `PortalConfig` (config/) is a
 * superset, so `createApp({ config })` takes it as is; keeping the web layer on this narrow shape
 * means views and middleware can be tested without a database, mail or tenant settings.
 */
export interface WebConfig {
  /** Where people reach the portal, e.g. `https://passwords.example.org`; decides cookie `Secure` and the Origin check. */
  publicUrl: string;
  /** At least 32 bytes; keys the CSRF token signatures. */
  secretKey: Buffer;
  policy: PasswordPolicy;
  organisation: {
    name: string;
    /** A PNG, JPEG, WebP, GIF or SVG file on disk, served at `/branding/logo`. */
    logoPath: string | null;
    supportText: string | null;
    supportUrl: string | null;
  };
  /** Accent colours (already contrast-checked) and the organisation's stylesheet; absent: the portal's own look. */
  branding?: { accentColor: string | null; accentColorDark: string | null; cssFile: string | null };
  /** Only when true is `X-Forwarded-For` believed (the portal sits behind a proxy the admin runs). */
  trustProxy: boolean;
  /** Demo mode: Microsoft 365 is emulated, and every page says so. */
  demo: boolean;
  /** How long a reset link works: the reset page tells people. */
  links: { resetMinutes: number };
  /** Prometheus metrics at /metrics (off by default), behind the bearer token when one is set. */
  metrics: { enabled: boolean; bearerToken: string | null };
  /** The organisation's extension hosting, served at /extension/* and /admin/extension/policy. */
  extension: Pick<ExtensionKitConfig, 'artefactsDir' | 'adminToken' | 'managed' | 'disableIncognito'>;
  /**
   * The connected tenants; their e-mail domains are the extension policies' default tenantDomains, and
   * their cloud decides where "Sign in to Microsoft 365" leads.
   */
  tenants?: readonly { domains: readonly string[]; graph?: { cloud?: M365CloudName | object } }[];
  /** The admin console's sign-in and roles; absent (web-layer tests) or without `oidc`: /admin only says how to set it up. */
  admin?: AdminConfig;
  /** Pages' language when the browser asks for none that is shipped; English when absent. */
  defaultLanguage?: Language;
  /** The organisation's own wording per language and message key, already checked at start. */
  messages?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
