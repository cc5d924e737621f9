/**
 * Microsoft's clouds and the hosts each serves the password pages on, as data. The `clouds`
 * policy key selects which the extension covers; its host permissions list every host here, so
 * switching a cloud on needs no new build. A host is listed only where Microsoft's own
 * documentation names it (sources on each entry); a page Microsoft does not document for a cloud
 * (My Sign-Ins in US Government or China, for one) is left out rather than guessed.
 */

export const CLOUD_IDS = ['global', 'usgov', 'china'] as const;

export type CloudId = (typeof CLOUD_IDS)[number];

/** What each cloud serves, by the kind of page (the page ids of password-pages.ts use these). */
export interface CloudHosts {
  /** Entra sign-in, which also serves the expired-password page (same host and path as sign-in). */
  signIn: readonly string[];
  /** Self-service password reset ("Can't access your account?", aka.ms/sspr). */
  reset: readonly string[];
  /** My Sign-Ins (its "Change password" page). */
  mySignIns: readonly string[];
  /** The legacy access panel (ChangePassword.aspx). */
  legacyAccessPanel: readonly string[];
}

export interface MicrosoftCloud {
  id: CloudId;
  /** How admins know it. */
  name: string;
  hosts: CloudHosts;
}

export const microsoftClouds: readonly MicrosoftCloud[] = [
  {
    id: 'global',
    name: 'Microsoft 365 global (also GCC)',
    hosts: {
      // "Microsoft 365 Common and Office Online", endpoint set 56, in "Office 365 URLs and IP
      // address ranges" (MicrosoftDocs/microsoft-365-docs,
      // microsoft-365/includes/office-365-worldwide-endpoints.md): login.microsoft.com,
      // login.microsoftonline.com, login.windows.net and passwordreset.microsoftonline.com.
      signIn: ['login.microsoftonline.com', 'login.microsoft.com', 'login.windows.net'],
      reset: ['passwordreset.microsoftonline.com'],
      // The project's Microsoft 365 reference, "Where people change or reset a password".
      mySignIns: ['mysignins.microsoft.com'],
      legacyAccessPanel: ['account.activedirectory.windowsazure.com'],
    },
  },
  {
    id: 'usgov',
    name: 'Microsoft 365 US Government (GCC High, DoD)',
    hosts: {
      // "National clouds", Microsoft Entra authentication endpoints (MicrosoftDocs/entra-docs,
      // docs/identity-platform/authentication-national-cloud.md).
      signIn: ['login.microsoftonline.us'],
      // "Compare Azure Government and global Azure", Identity row (MicrosoftDocs/azure-docs,
      // articles/azure-government/compare-azure-government-global-azure.md).
      reset: ['passwordreset.microsoftonline.us'],
      mySignIns: [],
      legacyAccessPanel: [],
    },
  },
  {
    id: 'china',
    name: 'Microsoft 365 operated by 21Vianet (China)',
    hosts: {
      // login.partner.microsoftonline.cn: the same entra-docs page, and endpoint set 17 of
      // "Microsoft 365 operated by 21Vianet endpoints" (microsoft-365-docs,
      // microsoft-365/includes/office-365-operated-by-21vianet-endpoints.md).
      // login.chinacloudapi.cn: Azure China's older authority, "AzureCloudEndpoint"
      // (https://learn.microsoft.com/common-data-model/1.0om/api-reference/cdm/azurecloudendpoint).
      signIn: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
      // Azure China's "How it works: Azure AD self-service password reset" (docs.azure.cn,
      // mc-docs.zh-cn articles/active-directory/authentication/concept-sspr-howitworks.md).
      reset: ['passwordreset.activedirectory.windowsazure.cn'],
      mySignIns: [],
      legacyAccessPanel: [],
    },
  },
];

/** The hosts of one kind of page in the given clouds. */
export function cloudHosts(kind: keyof CloudHosts, clouds: readonly CloudId[] = CLOUD_IDS): string[] {
  return microsoftClouds.filter((cloud) => clouds.includes(cloud.id)).flatMap((cloud) => cloud.hosts[kind]);
}

/** A host name as matched here: lower case, without the trailing dot of a fully qualified name. */
export function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
