import { type CallOptions, isBrandingUrl, type M365Client, M365Error } from '@passgate/core/graph';

export type BrandingState =
  /** The reset link already goes to the portal. */
  | { kind: 'points_at_portal'; hidden: boolean }
  /** It goes elsewhere (null: Microsoft's own reset page). */
  | { kind: 'points_elsewhere'; current: string | null; hidden: boolean }
  /** The tenant has no sign-in branding at all yet. */
  | { kind: 'no_branding' }
  /** The app may not read branding. */
  | { kind: 'unreadable'; reason: string };

/** The reset page as the sign-in page must link it; null when Graph would refuse it (over 128 characters). */
export function portalResetUrl(publicUrl: string): { url: string; acceptable: boolean } {
  const url = `${publicUrl}/reset`;
  return { url, acceptable: isBrandingUrl(url) };
}

/** Where the tenant's sign-in page sends "Forgot my password?" today. */
export async function readBrandingState(
  client: M365Client,
  organizationId: string,
  target: string,
  calls?: CallOptions,
): Promise<BrandingState> {
  try {
    const branding = await client.getBranding(organizationId, calls);
    if (branding === null) return { kind: 'no_branding' };
    const hidden = branding.hideAccountResetCredentials;
    return branding.customAccountResetCredentialsUrl === target
      ? { kind: 'points_at_portal', hidden }
      : { kind: 'points_elsewhere', current: branding.customAccountResetCredentialsUrl, hidden };
  } catch (error) {
    if (error instanceof M365Error && error.code === 'FORBIDDEN')
      return {
        kind: 'unreadable',
        reason: 'the app lacks OrganizationalBranding.Read.All or OrganizationalBranding.ReadWrite.All',
      };
    throw error;
  }
}
