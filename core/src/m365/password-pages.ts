import { CLOUD_IDS, type CloudHosts, type CloudId, cloudHosts, normaliseHost } from './clouds.js';

/**
 * Microsoft's own password pages, as data: the extension builds its redirect rules and URL tests
 * from this list, and the portal shows admins what is intercepted. Source: the table "Where people
 * change or reset a Microsoft 365 password" in the project's Microsoft 365 reference; the hosts
 * each cloud serves a page on are in clouds.ts.
 *
 * Every `match.pathRegex` is written in the subset shared by JavaScript and RE2 (what Chrome's
 * declarativeNetRequest accepts), and matched case-insensitively like DNR's default. Hosts match
 * with or without the trailing dot of a fully qualified name (`login.microsoftonline.com.`), which
 * browsers keep in the address and which would otherwise slip past every rule.
 */

/** The pages the extension can intercept; `interceptIds` in policy selects among these. */
export const PASSWORD_PAGE_IDS = [
  'mysignins-change-password',
  'legacy-change-password',
  'self-service-reset',
  'expired-password',
] as const;

export type PasswordPageId = (typeof PASSWORD_PAGE_IDS)[number];

export interface PasswordPageMatch {
  /** Which of each cloud's hosts the page lives on. */
  hosts: keyof CloudHosts;
  /** Path prefix ending at a segment boundary (`/a/b` matches `/a/b`, `/a/b/c`, `/a/b?x`, not `/a/bc`). */
  pathPrefix?: string;
  /** Anchored regex over the path (from the first `/`, query included). */
  pathRegex?: string;
}

export interface PasswordPage {
  id: PasswordPageId;
  description: string;
  /** `change` sends to PORTAL/change, `reset` to PORTAL/reset. */
  kind: 'change' | 'reset';
  /**
   * `url`: recognised by its address (DNR redirect + webNavigation fallback).
   * `page-id`: shares its URL with normal sign-in, so it is recognised by the page's
   * `<meta name="PageID">` in a content script; a URL rule there would break sign-in.
   */
  detect: 'url' | 'page-id';
  match: PasswordPageMatch;
  /** For `page-id` pages: the PageID meta value. */
  pageId?: string;
  /**
   * For `page-id` pages: paths the page submits the change to (POST). The extension blocks them
   * as a backstop. Taken from Microsoft's public client code; not documented by Microsoft.
   */
  submitPathRegex?: string;
}

export const passwordPages: readonly PasswordPage[] = [
  {
    id: 'mysignins-change-password',
    description: 'My Sign-Ins "Change password" page (also reached from Security info and My Account)',
    kind: 'change',
    detect: 'url',
    match: { hosts: 'mySignIns', pathPrefix: '/security-info/password/change' },
  },
  {
    id: 'legacy-change-password',
    description: 'Legacy Azure AD access panel "Change password" page (ChangePassword.aspx)',
    kind: 'change',
    detect: 'url',
    match: { hosts: 'legacyAccessPanel', pathRegex: '^/ChangePassword\\.aspx(?:[?#].*)?$' },
  },
  {
    id: 'self-service-reset',
    description: 'Microsoft self-service password reset (passwordreset.microsoftonline.com, aka.ms/sspr)',
    kind: 'reset',
    detect: 'url',
    match: { hosts: 'reset' },
  },
  {
    id: 'expired-password',
    description:
      'Forced change of an expired password during Microsoft 365 sign-in (ConvergedChangePassword)',
    kind: 'change',
    detect: 'page-id',
    match: { hosts: 'signIn' },
    pageId: 'ConvergedChangePassword',
    submitPathRegex: '^/[^/?#]+/SSPR/(?:Begin|Poll)(?:[?#].*)?$',
  },
];

/**
 * Rows of the reference table that are not password pages themselves but lead to one. They are
 * deliberately left alone (Security info also manages MFA methods; My Account much more); the
 * page they lead to is intercepted, including by in-app (pushState) navigation.
 */
export const passwordPageEntryPoints: readonly {
  url: string;
  description: string;
  leadsTo: PasswordPageId;
}[] = [
  {
    url: 'https://mysignins.microsoft.com/security-info',
    description: 'Security info (MFA methods); its "Change password" link is intercepted',
    leadsTo: 'mysignins-change-password',
  },
  {
    url: 'https://myaccount.microsoft.com/',
    description: 'My Account; its Password tile opens the My Sign-Ins change page',
    leadsTo: 'mysignins-change-password',
  },
  {
    url: 'https://account.activedirectory.windowsazure.com/r#/profile',
    description: 'Legacy profile page; its "Change password" link opens ChangePassword.aspx',
    leadsTo: 'legacy-change-password',
  },
];

/** Personal Microsoft account hosts: out of scope, never redirected whatever the settings say. */
export const neverTouchHosts: readonly string[] = [
  'account.live.com',
  'account.microsoft.com',
  'login.live.com',
];

/** The hosts `page` lives on in the given clouds. */
export function passwordPageHostsOf(page: PasswordPage, clouds: readonly CloudId[] = CLOUD_IDS): string[] {
  return cloudHosts(page.match.hosts, clouds);
}

/** Every host a built-in page lives on, in every cloud: the extension's host permissions. */
export function passwordPageHosts(): string[] {
  return [...new Set(passwordPages.flatMap((page) => passwordPageHostsOf(page)))];
}

/** True when `hostname` serves Entra sign-in (and so the expired-password page) in `clouds`. */
export function isSignInHost(hostname: string, clouds: readonly CloudId[] = CLOUD_IDS): boolean {
  return cloudHosts('signIn', clouds).includes(normaliseHost(hostname));
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `^https://` and the host, with the optional trailing dot. */
function originRegex(host: string): string {
  return `^https://${escapeRegex(host)}\\.?`;
}

/**
 * Anchored regexes (JavaScript and RE2) over a full URL for the page's address, one per host the
 * page has in `clouds` (none where a cloud does not serve it). One per host, not one alternation:
 * Chrome refuses a DNR regex whose compiled form exceeds 2 KB, which an alternation of every
 * sign-in host does.
 */
export function passwordPageUrlRegexes(page: PasswordPage, clouds: readonly CloudId[] = CLOUD_IDS): string[] {
  return passwordPageHostsOf(page, clouds).map((host) => {
    const origin = originRegex(host);
    if (page.match.pathRegex !== undefined) return origin + page.match.pathRegex.replace(/^\^/, '');
    if (page.match.pathPrefix !== undefined)
      return `${origin}${escapeRegex(page.match.pathPrefix)}(?:[/?#].*)?$`;
    return `${origin}(?:[/?#].*)?$`;
  });
}

/** Anchored regexes over a full URL for the page's submit endpoints, one per host in `clouds`. */
export function passwordPageSubmitRegexes(
  page: PasswordPage,
  clouds: readonly CloudId[] = CLOUD_IDS,
): string[] {
  const submit = page.submitPathRegex;
  if (submit === undefined) return [];
  return passwordPageHostsOf(page, clouds).map((host) => originRegex(host) + submit.replace(/^\^/, ''));
}

/** True when `url` is on a host that must never be touched. */
export function isNeverTouchUrl(url: string): boolean {
  try {
    return neverTouchHosts.includes(normaliseHost(new URL(url).hostname));
  } catch {
    return false;
  }
}

/** The `url`-detected built-in page `url` is on, among `ids`, in `clouds`, or undefined. */
export function findPasswordPage(
  url: string,
  ids: readonly PasswordPageId[] = PASSWORD_PAGE_IDS,
  clouds: readonly CloudId[] = CLOUD_IDS,
): PasswordPage | undefined {
  if (isNeverTouchUrl(url)) return undefined;
  return passwordPages.find(
    (page) =>
      page.detect === 'url' &&
      ids.includes(page.id) &&
      passwordPageUrlRegexes(page, clouds).some((regex) => new RegExp(regex, 'i').test(url)),
  );
}
