/** What every page shows around its content: decided once at start from config and assets. */
export interface PageFrame {
  organisationName: string;
  /** URL of the organisation's logo, or null to show the name alone. */
  logoHref: string | null;
  supportText: string | null;
  /** Only http(s) and mailto addresses are ever linked. */
  supportUrl: string | null;
  demo: boolean;
  cssHref: string;
  /** The organisation's own stylesheet (branding.cssFile), linked after the portal's; null or absent: none. */
  brandCssHref?: string | null;
  /**
   * The passkey island's URL when passkeys can be used here (the policy allows them, publicUrl names a
   * host, the island is built); null or absent: no page offers a passkey.
   */
  passkeyIslandSrc?: string | null;
  /** The password-fields island's data (http/island-data.ts); absent: no island. */
  passwordIsland?: PasswordIslandFrame | null;
}

/** What pages need to know of the password-fields island's data assets. */
export interface PasswordIslandFrame {
  /** Locale → URL of its data asset. */
  hrefs: Readonly<Record<string, string>>;
  /** The policy and requirement list in the assets, as JSON: a page whose own are the same leaves them out. */
  policyJson: string;
  requirementsJson: string;
}
