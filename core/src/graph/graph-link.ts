import { M365Error } from './m365-error.js';

/**
 * The absolute URL of a Graph call: a path after `/v1.0`, or an absolute link Graph returned
 * (`@odata.nextLink`). A link is followed only when it stays under the configured Graph root, same
 * scheme, host and port, no credentials in it, path under `/v1.0/` once normalised: the bearer token
 * goes with it, and must never go to another host (a proxy, a tampered answer, a redirect target).
 */
export function resolveGraphUrl(
  graphBaseUrl: string,
  pathOrLink: string,
  context: { operation: string; clientRequestId: string },
): string {
  const root = new URL(`${graphBaseUrl.replace(/\/+$/, '')}/v1.0/`);
  if (!/^https?:\/\//i.test(pathOrLink)) return `${root.href}${pathOrLink.replace(/^\//, '')}`;
  let link: URL | null = null;
  try {
    link = new URL(pathOrLink);
  } catch {
    link = null;
  }
  const under =
    link !== null &&
    link.protocol === root.protocol &&
    link.host === root.host &&
    link.username === '' &&
    link.password === '' &&
    link.pathname.startsWith(root.pathname);
  if (!under || link === null) {
    // The link itself is not quoted: it may carry paging state; its host is what the admin needs.
    const where =
      link === null ? 'an unparseable link' : `a link to ${link.protocol}//${link.host}${link.pathname}`;
    throw new M365Error(
      'LINK_OUTSIDE_GRAPH',
      `${context.operation}: Graph returned ${where}, outside ${root.href}; not followed (the app's token is only ever sent to the Graph root)`,
      { clientRequestId: context.clientRequestId },
    );
  }
  return link.href;
}
