import { m365ClientConfigSchema, pemCertificatesSchema } from '@passgate/core/graph';
import { passwordPolicySchema } from '@passgate/core/policy';
import { z } from 'zod';
import { adminConfigSchema } from '../admin/admin-config-schema.js';
import { BOT_CHALLENGE_DIFFICULTY } from '../bots/challenge-algorithm.js';
import { brandingConfigSchema } from '../branding/branding-config-schema.js';
import { extensionKitConfigSchema } from '../extension-kit/extension-kit-config.js';
import { GRAPH_REQUESTS_PER_JOB } from '../sync/graph-call-budget.js';
import { bearerTokenSchema } from './bearer-token-schema.js';
import { defaultLanguageSchema, messagesConfigSchema } from './messages-config-schema.js';
import { recoveryConfigSchema } from './recovery-config-schema.js';
import { secretKeySchema } from './secret-key-schema.js';

const whole = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });

const domainName = z
  .string({ error: 'expected an e-mail domain such as contoso.com' })
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: 'expected an e-mail domain such as contoso.com (no @, no scheme)',
  });

const tenantSchema = z.strictObject({
  name: z
    .string({ error: 'expected a short tenant name (letters, digits, -)' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/, { error: 'expected a short tenant name (letters, digits, -)' }),
  domains: z.array(domainName, { error: 'expected a list of e-mail domains' }).min(1, {
    error: 'expected at least one e-mail domain: users are matched to a tenant by their domain',
  }),
  onExpiry: z.enum(['suspend', 'maintain'], { error: 'expected "suspend" or "maintain"' }).default('suspend'),
  /** A password changed in Microsoft 365 outside the portal: report it; also expire the person in the
   * portal; or also block their Microsoft 365 sign-in until their next password goes through the portal. */
  onDrift: z
    .enum(['report', 'expire', 'suspend'], { error: 'expected "report", "expire" or "suspend"' })
    .default('report'),
  graph: m365ClientConfigSchema,
});

const DATABASE_EXPECTED =
  'expected the path of the SQLite database file, or a PostgreSQL URL (postgres://user@host:5432/passgate?sslmode=verify-full)';
const databaseSchema = z
  .string({ error: DATABASE_EXPECTED })
  .trim()
  .min(1, { error: DATABASE_EXPECTED })
  // Anything starting postgres: is meant as a URL: one slash short it would be taken for a SQLite path,
  // and the error about that path would print the password in it. The message never echoes the value.
  .refine((value) => !/^postgres(ql)?:/i.test(value) || isPostgresUrl(value), {
    error:
      'expected a PostgreSQL URL like postgres://user@host:5432/passgate?sslmode=verify-full (postgres:// or postgresql://, then a host)',
  });

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(value) || !URL.canParse(value)) return false;
  return new URL(value).hostname !== '';
}

const mailSchema = z.strictObject({
  host: z.string({ error: 'expected the SMTP host name' }).min(1, { error: 'expected the SMTP host name' }),
  port: whole(1, 65_535).default(587),
  secure: z
    .boolean({ error: 'expected true (TLS from the start, port 465) or false (STARTTLS)' })
    .default(false),
  user: z.string().min(1).nullable().default(null),
  password: z.string().min(1).nullable().default(null),
  from: z.email({ error: 'expected the sender address, e.g. passwords@contoso.com' }),
  /** With secure false: refuse to send unless the server upgrades with STARTTLS (turn off only for a local relay). */
  requireTls: z.boolean().default(true),
  /** Extra CA certificates (PEM) to trust for the SMTP server, e.g. an internal relay. */
  caCertificates: pemCertificatesSchema.nullable().default(null),
});

const organisationSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, { error: 'expected the name people know the organisation by' })
    .default('Passgate'),
  logoPath: z.string().min(1).nullable().default(null),
  supportText: z.string().min(1).nullable().default(null),
  supportUrl: z
    .url({ protocol: /^(https?|mailto)$/, error: 'expected an https:// or mailto: URL' })
    .nullable()
    .default(null),
});

const syncSchema = z.strictObject({
  /** Jobs applied at once (different users only: one in flight per user). */
  concurrency: whole(1, 64).default(4),
  /** How long a claimed job stays reserved; a crashed worker's job is claimable again after this.
   * At least GRAPH_REQUESTS_PER_JOB × the largest tenants[].graph.timeoutMs (checked below). */
  leaseSeconds: whole(5, 3600).default(60),
  pollIntervalMs: whole(10, 60_000).default(500),
  /** How long a change request waits for Microsoft 365 before answering "queued". */
  changeWaitMs: whole(0, 30_000).default(3_000),
  maxBackoffSeconds: whole(1, 86_400).default(300),
});

const mailQueueSchema = z.strictObject({
  /** How long a mail being sent stays reserved; a crashed sender's mail is sent again after this. Longer
   * than one SMTP delivery (connect 10 s, greeting 10 s, then up to 20 s of silence per step), or a slow
   * delivery is taken over and the mail sent twice. */
  leaseSeconds: whole(30, 3600).default(60),
});

/**
 * Node's own limits let a client take 300 s to send one request (and 60 s for its headers), holding a
 * connection all along: a few slow clients would use up the server. Node checks these at most every
 * connectionsCheckingInterval, which server.ts keeps small.
 */
const httpSchema = z
  .strictObject({
    /** The whole request, headers and body, must arrive within this. */
    requestTimeoutMs: whole(100, 600_000).default(30_000),
    /** The headers must arrive within this. */
    headersTimeoutMs: whole(100, 600_000).default(20_000),
    /** An idle kept-alive connection is closed after this; above your proxy's idle timeout to the portal. */
    keepAliveTimeoutMs: whole(100, 600_000).default(5_000),
  })
  .refine((http) => http.headersTimeoutMs <= http.requestTimeoutMs, {
    path: ['headersTimeoutMs'],
    error: 'expected at most http.requestTimeoutMs: the headers are part of the request',
  });

const windowSchema = (max: number, windowSeconds: number) =>
  z.strictObject({
    max: whole(1, 1_000_000).default(max),
    windowSeconds: whole(1, 86_400).default(windowSeconds),
  });

const rateLimitsSchema = z.strictObject({
  perAccount: windowSchema(10, 900).prefault({}),
  perAddress: windowSchema(100, 900).prefault({}),
  /** Reset-link requests per e-mail typed (known or not) and per client address. */
  resetPerAccount: windowSchema(3, 3600).prefault({}),
  resetPerAddress: windowSchema(20, 3600).prefault({}),
});

const linksSchema = z.strictObject({
  /** How long a reset link works. */
  resetMinutes: whole(5, 1440).default(30),
  /** How long a welcome (activation) link works. */
  activationDays: whole(1, 90).default(7),
  /** How long the sign-in of an expired account may be used to set the new password. */
  sessionMinutes: whole(1, 120).default(15),
});

const schedulerSchema = z.strictObject({
  /** How often the server looks for expiries, reminders and ended lockouts. */
  intervalSeconds: whole(1, 86_400).default(60),
  /** How long one instance keeps the scheduler to itself; another takes over when it lapses. */
  leaseSeconds: whole(5, 86_400).default(300),
});

/**
 * Proof of work (ALTCHA, solved in the browser) against scripted guessing: on every /reset request,
 * and on /signin and /change once one client address has typed enough wrong passwords.
 */
const botsSchema = z.strictObject({
  challenge: z.boolean({ error: 'expected true to ask for a proof of work, or false' }).default(true),
  /** Wrong passwords from one address (IPv6 by /64) within failureWindowSeconds before it is asked; 0: always. */
  signInFailuresBeforeChallenge: whole(0, 10_000).default(5),
  failureWindowSeconds: whole(60, 86_400).default(900),
  /** The most key derivations a browser may have to try (altcha's maxNumber); see docs/admin.md. */
  difficulty: whole(1, 10_000_000).default(BOT_CHALLENGE_DIFFICULTY),
  /** How long a page's challenge may be solved and sent; each solution is accepted once. */
  challengeMinutes: whole(1, 120).default(10),
});

/** Drift detection: passwords changed in Microsoft 365 outside the portal (see scheduler/sweep-drift.ts). */
const driftSchema = z.strictObject({
  /** How often each tenant is read. Entra ID Free keeps its audit log 7 days: at least daily is needed. */
  intervalSeconds: whole(10, 86_400).default(3_600),
  /** How far Microsoft's clock and this server's may disagree: a change within this of the portal's own
   * write is taken as that write when the audit log cannot say (keep the server on NTP). */
  clockSkewSeconds: whole(0, 3_600).default(60),
});

/** Who hears of things an admin must act on (drift). */
const alertsSchema = z.strictObject({
  adminEmails: z
    .array(z.email({ error: 'expected an e-mail address, e.g. it-security@contoso.com' }), {
      error: 'expected a list of e-mail addresses',
    })
    .default([]),
});

/** Prometheus metrics at /metrics: off unless asked for; the token (PASSGATE_METRICS_TOKEN) is checked when set. */
const metricsSchema = z.strictObject({
  enabled: z.boolean({ error: 'expected true to serve /metrics, or false' }).default(false),
  bearerToken: bearerTokenSchema,
});

export const portalConfigSchema = z
  .strictObject(
    {
      publicUrl: z
        .url({
          protocol: /^https?$/,
          error: 'expected the URL people open, e.g. https://passwords.contoso.com',
        })
        .transform((url) => url.replace(/\/+$/, '')),
      host: z.string().min(1).default('127.0.0.1'),
      port: whole(0, 65_535).default(8787),
      http: httpSchema.prefault({}),
      database: databaseSchema.default('passgate.sqlite'),
      /** PostgreSQL only: connections each portal process keeps open. */
      databasePoolSize: whole(1, 100).default(10),
      secretKey: secretKeySchema,
      policy: z.prefault(passwordPolicySchema, {}),
      tenants: z.array(tenantSchema, { error: 'expected a list of tenants' }).default([]),
      mail: mailSchema.nullable().default(null),
      /** With no SMTP (mail: null), mails are written here as .eml files and their links logged. */
      mailDir: z.string().min(1).nullable().default(null),
      /** A password set from a reset link also signs the person out of Microsoft 365 everywhere. */
      revokeSessionsOnReset: z.boolean().default(true),
      links: linksSchema.prefault({}),
      scheduler: schedulerSchema.prefault({}),
      drift: driftSchema.prefault({}),
      alerts: alertsSchema.prefault({}),
      extension: extensionKitConfigSchema.prefault({}),
      organisation: organisationSchema.prefault({}),
      /** Accent colour (contrast-checked) and the organisation's own stylesheet. */
      branding: brandingConfigSchema.prefault({}),
      trustProxy: z
        .boolean({ error: 'expected true only when a reverse proxy sets X-Forwarded-For' })
        .default(false),
      demo: z.boolean().default(false),
      /** Pages and mails in the person's language; this one when theirs is not shipped (docs/admin.md "Languages"). */
      defaultLanguage: defaultLanguageSchema,
      messages: messagesConfigSchema,
      sync: syncSchema.prefault({}),
      mailQueue: mailQueueSchema.prefault({}),
      rateLimits: rateLimitsSchema.prefault({}),
      metrics: metricsSchema.prefault({}),
      bots: botsSchema.prefault({}),
      /** Security info and the ways back in that use it (recovery-config-schema.ts). */
      recovery: recoveryConfigSchema.prefault({}),
      /** The admin console: OIDC sign-in, who is admin or helpdesk, session lengths (admin/admin-config-schema.ts). */
      admin: adminConfigSchema.prefault({}),
      log: z
        .strictObject({
          level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        })
        .prefault({}),
    },
    { error: 'expected a config object' },
  )
  .superRefine((config, ctx) => {
    const owner = new Map<string, string>();
    const names = new Set<string>();
    config.tenants.forEach((tenant, i) => {
      if (names.has(tenant.name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'name'],
          message: `tenant name "${tenant.name}" is used twice`,
        });
      }
      names.add(tenant.name.toLowerCase());
      tenant.domains.forEach((domain, j) => {
        const first = owner.get(domain);
        if (first !== undefined && first !== tenant.name) {
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', i, 'domains', j],
            message: `domain ${domain} is also claimed by tenant "${first}"; a domain belongs to one tenant only`,
          });
        }
        owner.set(domain, tenant.name);
      });
    });
    leaseCoversGraphCalls(config, ctx);
  });

/**
 * A job whose Graph calls outlive its lease is taken over by another worker, which may then apply the
 * user's newer password before the old request lands: Microsoft 365 would end on the older password.
 */
function leaseCoversGraphCalls(
  config: {
    sync: { leaseSeconds: number };
    tenants: readonly { name: string; graph: { timeoutMs: number } }[];
  },
  ctx: z.RefinementCtx,
): void {
  const slowest = config.tenants.reduce(
    (worst, tenant, i) =>
      worst === -1 || tenant.graph.timeoutMs > (config.tenants[worst]?.graph.timeoutMs ?? 0) ? i : worst,
    -1,
  );
  const tenant = config.tenants[slowest];
  if (tenant === undefined) return;
  const neededSeconds = Math.ceil((GRAPH_REQUESTS_PER_JOB * tenant.graph.timeoutMs) / 1000);
  if (config.sync.leaseSeconds >= neededSeconds) return;
  ctx.addIssue({
    code: 'custom',
    path: ['sync', 'leaseSeconds'],
    message:
      `expected at least ${neededSeconds} seconds: one sync job may make ${GRAPH_REQUESTS_PER_JOB} Graph requests in a row, ` +
      `each allowed tenants[${slowest}].graph.timeoutMs (${tenant.graph.timeoutMs} ms, tenant "${tenant.name}"), ` +
      'and a lease that runs out mid-job lets another worker apply a newer password first; ' +
      `raise sync.leaseSeconds or lower tenants[${slowest}].graph.timeoutMs`,
  });
}

export type PortalConfig = z.output<typeof portalConfigSchema>;
export type PortalConfigInput = z.input<typeof portalConfigSchema>;
export type TenantConfig = PortalConfig['tenants'][number];
