import { M365Error, MAX_BRANDING_URL_LENGTH } from '@passgate/core/graph';
import { recordAudit } from '../audit/record-audit.js';
import { portalResetUrl, readBrandingState } from './branding-state.js';
import { LOCKDOWN_ACTOR, type LockdownContext } from './lockdown-context.js';
import type { LockdownReport, Reason } from './lockdown-report.js';
import { holdsPermission } from './required-access.js';

type BrandingReport = LockdownReport['branding'];

const NO_PERMISSION: Reason = {
  code: 'NO_PERMISSION',
  message:
    'the app lacks OrganizationalBranding.ReadWrite.All: grant it (with admin consent) and run lockdown again, or set the link by hand in the Entra admin center (Company branding > Sign-in form > Self-service password reset)',
};
const NO_BRANDING: Reason = {
  code: 'NO_BRANDING',
  message:
    'the tenant has no sign-in branding yet, and Graph cannot create the default one on its own: create it in the Entra admin center (Company branding > Default sign-in experience > Edit, then Save) and run lockdown again',
};
const LICENCE_REQUIRED: Reason = {
  code: 'LICENCE_REQUIRED',
  message:
    'Microsoft refused because the tenant lacks a licence that includes company branding (Entra ID P1 or P2, or an Office 365 licence); the link stays as it is',
};

/**
 * Points the sign-in page's "Forgot my password?" link (organizationalBranding
 * customAccountResetCredentialsUrl) at the portal's /reset, so Microsoft's own reset is never
 * offered, on any device. Audited as tenant_update_provision.
 */
export async function lockDownBranding(context: LockdownContext): Promise<BrandingReport> {
  const { url: target, acceptable } = portalResetUrl(context.config.publicUrl);
  if (!acceptable) {
    return {
      target,
      outcome: 'skipped',
      reason: {
        code: 'RESET_URL_TOO_LONG',
        message: `${target} is ${target.length} characters; Microsoft takes at most ${MAX_BRANDING_URL_LENGTH} (ASCII only): give the portal a shorter publicUrl (or host name)`,
      },
    };
  }
  if (!holdsPermission(context.claims, 'OrganizationalBranding.ReadWrite.All'))
    return { target, outcome: 'skipped', reason: NO_PERMISSION };
  const state = await readBrandingState(context.client, context.claims.tenantId, target, context.calls);
  if (state.kind === 'unreadable') return { target, outcome: 'skipped', reason: NO_PERMISSION };
  if (state.kind === 'no_branding') return { target, outcome: 'skipped', reason: NO_BRANDING };
  if (state.kind === 'points_at_portal') return { target, outcome: 'unchanged', hidden: state.hidden };
  const base = { target, from: state.current, hidden: state.hidden };
  if (!context.apply) return { ...base, outcome: 'planned' };

  let reason: Reason | undefined;
  try {
    await context.client.setAccountResetUrl(context.claims.tenantId, target, context.calls);
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    if (error.code === 'FORBIDDEN') reason = NO_PERMISSION;
    else if (error.code === 'LICENCE_REQUIRED') reason = LICENCE_REQUIRED;
    else if (error.code === 'BRANDING_NOT_FOUND') reason = NO_BRANDING;
    else reason = { code: error.code, message: error.message };
  }
  await recordAudit(context.db, {
    type: 'tenant_update_provision',
    resourceType: 'tenant',
    user: { id: context.claims.tenantId, email: context.tenant.name },
    at: context.now(),
    success: reason === undefined,
    correlationId: context.correlationId,
    changes: [{ field: 'customAccountResetCredentialsUrl', from: state.current, to: target }],
    initiatedBy: LOCKDOWN_ACTOR,
    errorMessage: reason === undefined ? null : `${reason.code}: ${reason.message}`,
  });
  if (reason === undefined) return { ...base, outcome: 'changed' };
  const skippedCodes = ['NO_PERMISSION', 'LICENCE_REQUIRED', 'NO_BRANDING'];
  return { ...base, outcome: skippedCodes.includes(reason.code) ? 'skipped' : 'failed', reason };
}
