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
  /** The password-fields island's wording per language (locale → URL); absent or missing a locale: no island. */
  islandMessagesHrefs?: Readonly<Record<string, string>>;
}
