import type { PolicyRequest } from '@passgate/portal/extension-kit';

export const GOLDEN_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const GOLDEN_GECKO_ID = 'extension@passgate.dev';
export const GOLDEN_PORTAL = 'https://passwords.contoso.example';
export const GOLDEN_UPDATES = `${GOLDEN_PORTAL}/extension/updates.xml`;

/** Every managed key set (the test checks this covers the whole schema), with every value type. */
export const GOLDEN_SETTINGS = {
  portalUrl: GOLDEN_PORTAL,
  enabled: true,
  interceptIds: ['mysignins-change-password', 'self-service-reset'],
  clouds: ['global', 'usgov'],
  extraUrlPatterns: ['https://sso.contoso.example/adfs/portal/updatepassword*'],
  excludeUrlPatterns: [
    'https://mysignins.microsoft.com/security-info/test*',
    'https://sso.contoso.example/keep*',
  ],
  showExpiredPasswordNotice: false,
  tenantDomains: ['contoso.example', 'contoso-group.example'],
  organisationName: 'Contoso "Société" Ltd',
  supportUrl: 'https://help.contoso.example/passwords',
};

export function goldenRequest(target: PolicyRequest['target']): PolicyRequest {
  return {
    target,
    extensionId: GOLDEN_ID,
    geckoId: GOLDEN_GECKO_ID,
    publicUrl: GOLDEN_PORTAL,
    settings: { ...GOLDEN_SETTINGS },
    disableIncognito: true,
    organisationName: 'Contoso',
  };
}
