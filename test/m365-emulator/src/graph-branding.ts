import { brandingResource, checkBrandingPatch } from './branding-properties.js';
import type { EmulatorContext, Exchange } from './context.js';
import { type GraphCaller, holdsAny } from './graph-auth.js';
import { INSUFFICIENT_PRIVILEGES, sendGraphError } from './graph-respond.js';
import { takeWrite } from './graph-users.js';
import { sendEmpty, sendJson } from './http-util.js';
import { type Branding, emptyBranding, type TenantOrganisation } from './tenant-organisation.js';

/** Get organizationalBranding, application permissions (microsoft-graph-docs organizationalbranding-get.md). */
export const BRANDING_READ_PERMISSIONS = [
  'OrganizationalBranding.Read.All',
  'OrganizationalBranding.ReadWrite.All',
  'Organization.Read.All',
  'Organization.ReadWrite.All',
];
/** Update organizationalBranding and create a localization (organizationalbranding-update.md). */
export const BRANDING_WRITE_PERMISSIONS = [
  'OrganizationalBranding.ReadWrite.All',
  'Organization.ReadWrite.All',
];

/**
 * What Graph answers for a premium-only feature in a tenant without the licence (seen for sign-in
 * logs and reports). Whether branding writes answer exactly this is not confirmed: see the README.
 */
export const NO_LICENCE = {
  status: 403,
  code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
  message: "Neither tenant is B2C or tenant doesn't have premium license",
} as const;

function notFound(ctx: EmulatorContext, exchange: Exchange, what: string): void {
  sendGraphError(
    ctx,
    exchange,
    404,
    'Request_ResourceNotFound',
    `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** The organisation named in the path, or null (and a 404 sent) when it is not the caller's. */
function organisationOf(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  organizationId: string,
): TenantOrganisation | null {
  if (organizationId.toLowerCase() !== caller.tenant.id) {
    notFound(ctx, exchange, organizationId);
    return null;
  }
  return ctx.directory.organisations.of(caller.tenant.id);
}

/** `Accept-Language: 0` or `default` names the default branding; anything else a localisation id. */
function localeOf(ctx: EmulatorContext, exchange: Exchange): string | null {
  const header = exchange.req.headers['accept-language'];
  const value = typeof header === 'string' ? header.trim() : '';
  if (value === '') {
    sendGraphError(
      ctx,
      exchange,
      400,
      'Request_BadRequest',
      'The Accept-Language header is required: 0 or default for the default branding, or a locale such as en-US.',
    );
    return null;
  }
  return value === '0' || value.toLowerCase() === 'default' ? '0' : value;
}

function brandingFor(organisation: TenantOrganisation, locale: string): Branding | null {
  return locale === '0' ? organisation.branding : (organisation.localizations.get(locale) ?? null);
}

function parseObject(body: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** GET /v1.0/organization/{id}/branding: 404 when no branding exists for the language asked. */
export function handleGetBranding(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  organizationId: string,
): void {
  if (!holdsAny(caller, BRANDING_READ_PERMISSIONS)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const organisation = organisationOf(ctx, exchange, caller, organizationId);
  if (!organisation) return;
  const locale = localeOf(ctx, exchange);
  if (locale === null) return;
  const branding = brandingFor(organisation, locale);
  if (!branding) {
    notFound(ctx, exchange, locale);
    return;
  }
  const resource = brandingResource(locale, branding);
  const selectText = exchange.url.searchParams.get('$select');
  let body = resource;
  if (selectText !== null && selectText.trim() !== '') {
    const fields = selectText.split(',').map((f) => f.trim());
    const unknown = fields.find((f) => !(f in resource));
    if (unknown !== undefined) {
      sendGraphError(
        ctx,
        exchange,
        400,
        'Request_BadRequest',
        `Could not find a property named '${unknown}' on type 'microsoft.graph.organizationalBranding'.`,
      );
      return;
    }
    body = Object.fromEntries(fields.map((f) => [f, resource[f]]));
  }
  sendJson(exchange.res, 200, { '@odata.context': `${exchange.origin}/v1.0/$metadata#branding`, ...body });
}

/** PATCH /v1.0/organization/{id}/branding: updates String properties of an existing branding (204). */
export function handlePatchBranding(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  organizationId: string,
): void {
  const patch = parseObject(exchange.body);
  exchange.log.body = patch;
  if (!takeWrite(ctx, exchange, caller)) return;
  if (!holdsAny(caller, BRANDING_WRITE_PERMISSIONS)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const organisation = organisationOf(ctx, exchange, caller, organizationId);
  if (!organisation) return;
  const locale = localeOf(ctx, exchange);
  if (locale === null) return;
  if (!organisation.brandingLicensed) {
    sendGraphError(ctx, exchange, NO_LICENCE.status, NO_LICENCE.code, NO_LICENCE.message);
    return;
  }
  const branding = brandingFor(organisation, locale);
  // PATCH updates; it does not create (microsoft-graph-docs issue #16225: the default branding is
  // created only with a first localization, or in the admin center).
  if (!branding) {
    notFound(ctx, exchange, organizationId);
    return;
  }
  if (!patch) {
    sendGraphError(ctx, exchange, 400, 'BadRequest', 'Unable to read JSON request payload.');
    return;
  }
  const checked = checkBrandingPatch(patch);
  if (!checked.ok) {
    sendGraphError(ctx, exchange, 400, 'Request_BadRequest', checked.message);
    return;
  }
  checked.apply(branding);
  sendEmpty(exchange.res, 204);
}

/**
 * POST /v1.0/organization/{id}/branding/localizations: creates a localised branding and, the first
 * time, the default branding with it (organizationalbranding-post-localizations.md).
 */
export function handleCreateLocalization(
  ctx: EmulatorContext,
  exchange: Exchange,
  caller: GraphCaller,
  organizationId: string,
): void {
  const body = parseObject(exchange.body);
  exchange.log.body = body;
  if (!takeWrite(ctx, exchange, caller)) return;
  if (!holdsAny(caller, BRANDING_WRITE_PERMISSIONS)) {
    sendGraphError(ctx, exchange, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
    return;
  }
  const organisation = organisationOf(ctx, exchange, caller, organizationId);
  if (!organisation) return;
  if (!organisation.brandingLicensed) {
    sendGraphError(ctx, exchange, NO_LICENCE.status, NO_LICENCE.code, NO_LICENCE.message);
    return;
  }
  if (!body) {
    sendGraphError(ctx, exchange, 400, 'BadRequest', 'Unable to read JSON request payload.');
    return;
  }
  const id = body.id;
  if (typeof id !== 'string' || !/^[a-z]{2}(-[A-Za-z]{2,4})?$/.test(id)) {
    sendGraphError(
      ctx,
      exchange,
      400,
      'Request_BadRequest',
      "The localization's id must be a culture name such as en-US; 0 and default name the default branding, which cannot be created this way.",
    );
    return;
  }
  if (organisation.localizations.has(id)) {
    sendGraphError(ctx, exchange, 400, 'Request_BadRequest', `A branding for locale '${id}' already exists.`);
    return;
  }
  const checked = checkBrandingPatch(body, ['id']);
  if (!checked.ok) {
    sendGraphError(ctx, exchange, 400, 'Request_BadRequest', checked.message);
    return;
  }
  const localization = emptyBranding();
  checked.apply(localization);
  organisation.localizations.set(id, localization);
  organisation.branding ??= emptyBranding();
  sendJson(exchange.res, 201, {
    '@odata.context': `${exchange.origin}/v1.0/$metadata#organization('${caller.tenant.id}')/branding/localizations/$entity`,
    ...brandingResource(id, localization),
  });
}
