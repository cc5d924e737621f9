import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { type PortalConfig, portalConfigSchema } from './portal-config-schema.js';
import { readSecretFiles } from './secret-files.js';

export type Env = Record<string, string | undefined>;

export interface ParseConfigOptions {
  /** Relative paths (database, logo, branding.cssFile) are resolved against this folder: the config file's own. */
  baseDir?: string;
}

/** The environment variable that carries a tenant's client secret, e.g. PASSGATE_TENANT_CONTOSO_CLIENT_SECRET. */
export function tenantSecretEnvName(tenantName: string): string {
  return `PASSGATE_TENANT_${tenantName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_CLIENT_SECRET`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Secrets belong in the environment, not in a file that ends up in backups: env wins over the file. */
function withEnvOverrides(input: Record<string, unknown>, env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  const set = (key: string, name: string, map: (v: string) => unknown = (v) => v): void => {
    const value = env[name];
    if (value !== undefined && value !== '') out[key] = map(value);
  };
  set('secretKey', 'PASSGATE_SECRET_KEY');
  set('database', 'PASSGATE_DATABASE');
  set('publicUrl', 'PASSGATE_PUBLIC_URL');
  set('host', 'PASSGATE_HOST');
  set('port', 'PASSGATE_PORT', (v) => (/^\d+$/.test(v) ? Number(v) : v));
  if (Array.isArray(out.tenants)) {
    out.tenants = out.tenants.map((tenant: unknown) => {
      if (!isRecord(tenant) || typeof tenant.name !== 'string' || !isRecord(tenant.graph)) return tenant;
      const secret = env[tenantSecretEnvName(tenant.name)];
      if (secret === undefined || secret === '') return tenant;
      return { ...tenant, graph: { ...tenant.graph, clientSecret: secret } };
    });
  }
  const mailPassword = env.PASSGATE_MAIL_PASSWORD;
  if (isRecord(out.mail) && mailPassword) out.mail = { ...out.mail, password: mailPassword };
  const metricsToken = env.PASSGATE_METRICS_TOKEN;
  if (metricsToken)
    out.metrics = { ...(isRecord(out.metrics) ? out.metrics : {}), bearerToken: metricsToken };
  const extensionToken = env.PASSGATE_EXTENSION_ADMIN_TOKEN;
  if (extensionToken)
    out.extension = { ...(isRecord(out.extension) ? out.extension : {}), adminToken: extensionToken };
  const adminSecret = env.PASSGATE_ADMIN_OIDC_CLIENT_SECRET;
  if (adminSecret && isRecord(out.admin) && isRecord(out.admin.oidc))
    out.admin = { ...out.admin, oidc: { ...out.admin.oidc, clientSecret: adminSecret } };
  return out;
}

/**
 * A tenant's certificate file is read and checked as the schema parses it (core's m365ClientConfigSchema),
 * so its path is made absolute first. Beside the config: the service's working directory is another
 * folder (deploy/passgate.service: /var/lib/passgate), so a relative path worked only by hand.
 */
function withCertificatePaths(
  input: Record<string, unknown>,
  base: string | undefined,
): Record<string, unknown> {
  if (base === undefined || !Array.isArray(input.tenants)) return input;
  const tenants = input.tenants.map((tenant: unknown) => {
    if (!isRecord(tenant) || !isRecord(tenant.graph) || !isRecord(tenant.graph.clientCertificate))
      return tenant;
    const certificate = tenant.graph.clientCertificate;
    if (typeof certificate.path !== 'string' || certificate.path === '') return tenant;
    const path = resolve(base, certificate.path);
    return { ...tenant, graph: { ...tenant.graph, clientCertificate: { ...certificate, path } } };
  });
  return { ...input, tenants };
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(config)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** The value at `path` in what was parsed (zod's issues leave the input out unless asked, and it may be a secret). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function toProblems(issue: z.core.$ZodIssue, input: unknown): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: fieldName([...issue.path, key]),
      message: 'unknown field (check the spelling)',
    }));
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
    const hint = issue.path.join('.') === 'secretKey' ? ' (or set PASSGATE_SECRET_KEY)' : '';
    return [{ field: fieldName(issue.path), message: `required: ${issue.message}${hint}` }];
  }
  return [{ field: fieldName(issue.path), message: issue.message }];
}

/**
 * Parses the portal's config once, at start. `env` overrides the secrets (PASSGATE_SECRET_KEY,
 * PASSGATE_DATABASE, PASSGATE_TENANT_<NAME>_CLIENT_SECRET, PASSGATE_MAIL_PASSWORD,
 * PASSGATE_METRICS_TOKEN, PASSGATE_EXTENSION_ADMIN_TOKEN, PASSGATE_ADMIN_OIDC_CLIENT_SECRET, each also as
 * `<NAME>_FILE`, see readSecretFiles) and the listen address.
 * Throws ConfigError naming every bad field; nothing else in the portal reads process.env.
 */
export function parseConfig(input: unknown, env: Env, options: ParseConfigOptions = {}): PortalConfig {
  if (!isRecord(input)) throw new ConfigError([{ field: '(config)', message: 'expected a config object' }]);
  const merged = withCertificatePaths(withEnvOverrides(input, readSecretFiles(env)), options.baseDir);
  const result = portalConfigSchema.safeParse(merged);
  if (!result.success)
    throw new ConfigError(result.error.issues.flatMap((issue) => toProblems(issue, merged)));
  const config = result.data;
  const base = options.baseDir;
  if (base !== undefined) {
    if (
      config.database !== ':memory:' &&
      !/^postgres(ql)?:/i.test(config.database) &&
      !isAbsolute(config.database)
    )
      config.database = resolve(base, config.database);
    const logo = config.organisation.logoPath;
    if (logo !== null && !isAbsolute(logo)) config.organisation.logoPath = resolve(base, logo);
    const css = config.branding.cssFile;
    if (css !== null && !isAbsolute(css)) config.branding.cssFile = resolve(base, css);
    if (config.mailDir !== null) config.mailDir = resolve(base, config.mailDir);
    // No SQLite file to put it beside: the config file's folder, not wherever the process started.
    else if (/^postgres(ql)?:/i.test(config.database)) config.mailDir = resolve(base, 'mail');
    const ext = config.extension;
    ext.keyPath = resolve(base, ext.keyPath);
    ext.artefactsDir = resolve(base, ext.artefactsDir);
    if (ext.buildDir !== null) ext.buildDir = resolve(base, ext.buildDir);
  }
  return config;
}
