import { findPasswordPage } from '@passgate/core/m365';

/**
 * Domains whose every host is Microsoft's own (Microsoft 365, Entra sign-in and the national clouds'
 * equivalents; shared/reference/microsoft-365.md). A name matches itself or any subdomain. Left out on
 * purpose: hosts that serve any customer's content under Microsoft's name (sharepoint.com and the
 * like) and personal accounts (live.com), which are not where a work password journey returns.
 */
const MICROSOFT_DOMAINS: readonly string[] = [
  'microsoft.com',
  'microsoftonline.com',
  'office.com',
  'office365.com',
  'cloud.microsoft',
  'windowsazure.com',
  'windows.net',
  'microsoftonline.us',
  'microsoft.us',
  'office365.us',
  'microsoftonline.cn',
  'partner.microsoftonline.cn',
  'windowsazure.cn',
  'chinacloudapi.cn',
];

/**
 * Where a "Back to where you were" link may lead: the landing pages of Microsoft 365 and Entra in each
 * cloud, by exact host. Not any Microsoft domain: some hosts under them serve anyone's content
 * (`*.web.core.windows.net`, Forms and Sway pages under office.com) and sign-in endpoints redirect
 * wherever their query says. The link keeps the path and drops the query for the same reason.
 */
const LANDING_HOSTS: ReadonlySet<string> = new Set([
  'www.office.com',
  'portal.office.com',
  'www.microsoft365.com',
  'm365.cloud.microsoft',
  'outlook.office.com',
  'outlook.office365.com',
  'myaccount.microsoft.com',
  'mysignins.microsoft.com',
  'myapps.microsoft.com',
  'account.activedirectory.windowsazure.com',
  'portal.office365.us',
  'outlook.office365.us',
  'portal.partner.microsoftonline.cn',
]);

/** Longest address kept: it travels in a cookie. */
const MAX_LENGTH = 2048;

/**
 * `value` as an https URL on one of Microsoft's hosts, normalised as a browser would read it; else null.
 * Strict on purpose: what passes is put in a link on the success page, so anything a parser could read
 * two ways is refused rather than repaired — control characters, spaces, backslashes (read as `/` by
 * browsers), user info (`https://login.microsoftonline.com@evil.example`), other ports, scheme-relative
 * (`//evil.example`) and non-https addresses, and punycode names (a lookalike of a Microsoft name).
 */
export function microsoftAddress(value: string): string | null {
  if (value.length === 0 || value.length > MAX_LENGTH) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) return null;
  if (!/^https:\/\/[^/]/i.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host.split('.').some((label) => label.startsWith('xn--'))) return null;
  const microsoft = MICROSOFT_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
  return microsoft && url.href.length <= MAX_LENGTH ? url.href : null;
}

/**
 * Where "Back to where you were" leads for someone sent here from `from` (read-from-param.ts), or null
 * for no such link. Microsoft's own return address (`ru`, where its page would have sent them when done)
 * wins when it is itself a Microsoft landing page; else `from`'s own site when that is one. A password page the browser extension
 * redirects here would only bring the person back to the portal: its site's home page is used instead,
 * or no link where that is redirected too (the self-service reset site).
 */
export function microsoftReturnAddress(from: string | null): string | null {
  if (from === null) return null;
  const page = microsoftAddress(from);
  if (page === null) return null;
  const ru = new URL(page).searchParams.get('ru');
  const target = landingPage(ru === null ? null : microsoftAddress(ru)) ?? landingPage(page);
  if (target === null) return null;
  if (findPasswordPage(target) === undefined) return target;
  const home = `${new URL(target).origin}/`;
  return findPasswordPage(home) === undefined ? home : null;
}

/** `address` without its query and fragment when its host is a landing page's; else null. */
function landingPage(address: string | null): string | null {
  if (address === null) return null;
  const url = new URL(address);
  return LANDING_HOSTS.has(url.hostname.replace(/\.$/, '')) ? `${url.origin}${url.pathname}` : null;
}

/** The host a person sees named for `from` (never the whole address: long, and it overflows a phone). */
export function fromHost(from: string): string {
  return new URL(from).hostname.replace(/\.$/, '');
}
