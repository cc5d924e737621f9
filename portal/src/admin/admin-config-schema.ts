import { pemCertificatesSchema } from '@passgate/core/graph';
import { z } from 'zod';

const whole = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });

const MEMBER_EXPECTED =
  'expected an e-mail address (it@contoso.com) or a group as group:<id from the groups claim>';

/** One entry of `admins` / `helpdesk`: an e-mail (compared lower-case) or `group:<id>` (compared as given). */
const memberSchema = z
  .string({ error: MEMBER_EXPECTED })
  .trim()
  .min(1, { error: MEMBER_EXPECTED })
  .transform((value, ctx) => {
    if (value.startsWith('group:')) {
      const id = value.slice('group:'.length).trim();
      if (id === '') ctx.addIssue({ code: 'custom', message: MEMBER_EXPECTED });
      return `group:${id}`;
    }
    if (!z.email().safeParse(value).success) ctx.addIssue({ code: 'custom', message: MEMBER_EXPECTED });
    return value.toLowerCase();
  });

const ISSUER_EXPECTED =
  'expected the issuer URL of the identity provider, e.g. https://login.microsoftonline.com/<tenant id>/v2.0';

/** The relying party's registration at the organisation's identity provider (docs/admin.md, "Admin console sign-in"). */
const oidcSchema = z.strictObject({
  // As typed: OIDC compares issuers as strings, and some end in a slash (Entra ID v1.0's
  // https://sts.windows.net/<tenant>/, Azure AD B2C's), which cutting it lost. Where only a final slash
  // differs from the provider's own, the relying party takes the provider's (oidc-relying-party.ts).
  issuer: z.url({ protocol: /^https$/, error: ISSUER_EXPECTED }),
  clientId: z
    .string({ error: 'expected the client (application) id the identity provider gave the portal' })
    .trim()
    .min(1, { error: 'expected the client (application) id the identity provider gave the portal' }),
  /** From PASSGATE_ADMIN_OIDC_CLIENT_SECRET (or _FILE) rather than the file, which ends up in backups. */
  clientSecret: z
    .string({ error: 'expected the client secret (or set PASSGATE_ADMIN_OIDC_CLIENT_SECRET)' })
    .min(1, { error: 'expected the client secret (or set PASSGATE_ADMIN_OIDC_CLIENT_SECRET)' }),
  /** How the secret is sent to the token endpoint: HTTP Basic (the OIDC default) or in the form body. */
  clientAuthMethod: z
    .enum(['client_secret_basic', 'client_secret_post'], {
      error: 'expected "client_secret_basic" or "client_secret_post"',
    })
    .default('client_secret_basic'),
  /** `openid` is always asked; `email profile` give the address and name most providers need. */
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, { error: 'expected a scope name without spaces' }))
    .default(['openid', 'email', 'profile']),
  /** Extra CA certificates (PEM) to trust for the identity provider, e.g. an internal Keycloak. */
  caCertificates: pemCertificatesSchema.nullable().default(null),
  timeoutMs: whole(1_000, 60_000).default(10_000),
});

/**
 * The admin console (`/admin`): who signs in, through which identity provider, and for how long.
 * Without `oidc` every /admin page only says how to set it up.
 */
export const adminConfigSchema = z.strictObject({
  oidc: oidcSchema.nullable().default(null),
  /** Full rights: everything helpdesk may do, and suspend, never-expires, extension policy files. */
  admins: z.array(memberSchema, { error: 'expected a list of e-mails and/or group:<id>' }).default([]),
  /** View everything, unlock, send links, expire, retry a failed job. */
  helpdesk: z.array(memberSchema, { error: 'expected a list of e-mails and/or group:<id>' }).default([]),
  /** The ID token claim that lists the person's groups (Entra ID: groups, Okta/Keycloak: as mapped). */
  groupsClaim: z.string().trim().min(1).default('groups'),
  sessionIdleMinutes: whole(1, 24 * 60).default(30),
  sessionMaxHours: whole(1, 7 * 24).default(8),
  /** Actions that block someone (suspend) ask for a sign-in at the identity provider at most this old. */
  reauthMaxAgeSeconds: whole(30, 24 * 3600).default(300),
});

export type AdminConfig = z.output<typeof adminConfigSchema>;
export type AdminOidcConfig = NonNullable<AdminConfig['oidc']>;
