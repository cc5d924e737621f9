import { z } from 'zod';
import { ClientCertificateError, loadClientCertificate } from './client-certificate.js';
import { M365_CLOUD_NAMES } from './clouds.js';
import { pemCertificatesSchema } from './pem-certificates-schema.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** An https origin with no path, query or fragment: the client appends the paths itself. */
const httpsOrigin = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && url.pathname === '/' && !url.search && !url.hash && !url.username;
      } catch {
        return false;
      }
    },
    { message: 'expected an https origin without a path, e.g. https://login.microsoftonline.com' },
  )
  // A trailing slash is harmless to type; strip it so paths are appended cleanly.
  .transform((value) => new URL(value).origin);

const certificateInline = z
  .object({
    privateKeyPem: z.string({ error: 'expected a PEM private key (-----BEGIN PRIVATE KEY-----)' }),
    thumbprintSha256: z.string().regex(/^[0-9a-f]{64}$/i, {
      message: 'expected the certificate SHA-256 thumbprint as 64 hex characters',
    }),
  })
  .strict();

const certificateFile = z
  .object({
    path: z
      .string()
      .min(1, { message: 'expected the path of a PEM file holding the private key and certificate' }),
  })
  .strict();

/**
 * The certificate is loaded and checked as the config is parsed (the file read, the key matched to the
 * certificate), so a bad one is a config error at start rather than a failure at the first token.
 * A relative path is read from the working directory: a caller with a config file of its own resolves
 * it first (the portal: against the file's folder).
 */
const clientCertificate = z.union([certificateInline, certificateFile]).superRefine((certificate, ctx) => {
  if ('path' in certificate && certificate.path === '') return; // already refused: no path to read
  try {
    loadClientCertificate(certificate);
  } catch (error) {
    if (!(error instanceof ClientCertificateError)) throw error;
    ctx.addIssue({ code: 'custom', path: [error.field], message: error.reason });
  }
});

export const m365ClientConfigSchema = z
  .object({
    tenantId: z.string().refine((v) => GUID.test(v) || DOMAIN.test(v), {
      message:
        'expected the directory (tenant) ID as a GUID, or a verified domain such as contoso.onmicrosoft.com',
    }),
    clientId: z.string().regex(GUID, { message: 'expected the application (client) ID as a GUID' }),
    clientSecret: z.string().min(1, { message: 'expected a non-empty client secret' }).optional(),
    clientCertificate: clientCertificate.optional(),
    cloud: z
      .union(
        [
          z.enum(M365_CLOUD_NAMES),
          z.object({ authorityHost: httpsOrigin, graphBaseUrl: httpsOrigin }).strict(),
        ],
        { error: `expected one of ${M365_CLOUD_NAMES.join(', ')} or { authorityHost, graphBaseUrl }` },
      )
      .default('global'),
    proxyUrl: z
      .url({ protocol: /^https?$/, message: 'expected an http:// or https:// proxy URL' })
      .optional(),
    caCertificates: pemCertificatesSchema.optional(),
    timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
  })
  .strict()
  .superRefine((config, ctx) => {
    const hasSecret = config.clientSecret !== undefined;
    const hasCertificate = config.clientCertificate !== undefined;
    if (hasSecret === hasCertificate) {
      ctx.addIssue({
        code: 'custom',
        path: [hasSecret ? 'clientCertificate' : 'clientSecret'],
        message: 'expected exactly one of clientSecret or clientCertificate',
      });
    }
  });

/** What an admin writes in the portal's config. */
export type M365ClientConfig = z.input<typeof m365ClientConfigSchema>;
export type ParsedM365ClientConfig = z.output<typeof m365ClientConfigSchema>;

/** Parses a config, throwing an Error whose message names each bad field (never echoing values). */
export function parseM365ClientConfig(config: unknown): ParsedM365ClientConfig {
  const result = m365ClientConfigSchema.safeParse(config);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(config)';
    return `${field}: ${issue.message}`;
  });
  throw new Error(`Invalid Microsoft 365 connection config: ${lines.join('; ')}`);
}
