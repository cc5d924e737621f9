import type { GraphRequester } from './graph-request.js';
import { M365Error } from './m365-error.js';
import type { CallOptions, M365Branding } from './types.js';

/** organizationalBranding: "This URL must be in ASCII format … and not exceed 128 characters." */
export const MAX_BRANDING_URL_LENGTH = 128;

// `Accept-Language: 0` names the default branding, the one every sign-in page falls back to.
const DEFAULT_BRANDING = { 'Accept-Language': '0' };

function brandingPath(organizationId: string): string {
  return `/organization/${encodeURIComponent(organizationId)}/branding`;
}

/** GET the default branding; null when the tenant has none yet (Graph answers 404). */
export async function getBranding(
  graph: GraphRequester,
  organizationId: string,
  options?: CallOptions,
): Promise<M365Branding | null> {
  try {
    const response = await graph({
      operation: 'getBranding',
      method: 'GET',
      path: `${brandingPath(organizationId)}?$select=customAccountResetCredentialsUrl,loginPageTextVisibilitySettings`,
      headers: DEFAULT_BRANDING,
      ...(options ? { options } : {}),
    });
    const raw = JSON.parse(response.body) as {
      customAccountResetCredentialsUrl?: unknown;
      loginPageTextVisibilitySettings?: { hideAccountResetCredentials?: unknown } | null;
    };
    return {
      customAccountResetCredentialsUrl:
        typeof raw.customAccountResetCredentialsUrl === 'string' &&
        raw.customAccountResetCredentialsUrl !== ''
          ? raw.customAccountResetCredentialsUrl
          : null,
      hideAccountResetCredentials: raw.loginPageTextVisibilitySettings?.hideAccountResetCredentials === true,
    };
  } catch (error) {
    if (error instanceof M365Error && error.code === 'BRANDING_NOT_FOUND') return null;
    throw error;
  }
}

/** Whether Graph would take `url` as customAccountResetCredentialsUrl (printable ASCII, at most 128). */
export function isBrandingUrl(url: string): boolean {
  return url.length <= MAX_BRANDING_URL_LENGTH && /^[\x21-\x7e]+$/.test(url);
}

/** PATCH the default branding's customAccountResetCredentialsUrl (204). */
export async function setAccountResetUrl(
  graph: GraphRequester,
  organizationId: string,
  url: string,
  options?: CallOptions,
): Promise<void> {
  if (!isBrandingUrl(url)) {
    throw new RangeError(
      `customAccountResetCredentialsUrl must be printable ASCII of at most ${MAX_BRANDING_URL_LENGTH} characters`,
    );
  }
  await graph({
    operation: 'setAccountResetUrl',
    method: 'PATCH',
    path: brandingPath(organizationId),
    headers: DEFAULT_BRANDING,
    body: { customAccountResetCredentialsUrl: url },
    ...(options ? { options } : {}),
  });
}
