import { challengeFields } from './solve-page-challenge.js';

/**
 * A tiny cookie-keeping client for the portal's forms over real HTTP (CSRF token from each page). Like a
 * browser running the page's script, it solves the proof of work a page asks for and sends it along.
 */
export interface FormClient {
  get(path: string): Promise<{ status: number; html: string }>;
  /** Posts the form with the CSRF token of the last page fetched; redirects are not followed. */
  post(
    path: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; html: string; location: string | null }>;
}

export interface FormClientOptions {
  /** The Origin the browser sends (default baseUrl): publicUrl's, when a proxy listens on another port. */
  origin?: string;
  /** Headers sent with every request (as a proxy's client might add them). */
  headers?: Record<string, string>;
  /** Added to every fetch, e.g. an undici `dispatcher` that trusts a test CA. */
  fetchOptions?: Record<string, unknown>;
  /** False: a browser without JavaScript, which sends no proof of work (default true). */
  javascript?: boolean;
}

export function formClient(baseUrl: string, options: FormClientOptions = {}): FormClient {
  const jar = new Map<string, string>();
  let csrf = '';
  let page = '';
  const keep = (response: Response): void => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookieHeader = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    async get(path) {
      const response = await fetch(`${baseUrl}${path}`, {
        ...options.fetchOptions,
        headers: { ...options.headers, cookie: cookieHeader() },
      });
      keep(response);
      const html = await response.text();
      csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrf;
      page = html;
      return { status: response.status, html };
    },
    async post(path, fields) {
      const challenge = options.javascript === false ? {} : await challengeFields(page);
      const response = await fetch(`${baseUrl}${path}`, {
        ...options.fetchOptions,
        method: 'POST',
        redirect: 'manual',
        headers: {
          ...options.headers,
          cookie: cookieHeader(),
          origin: options.origin ?? baseUrl,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: csrf, ...challenge, ...fields }),
      });
      keep(response);
      const html = await response.text();
      // A refused form comes back as the page again, with a fresh challenge for the next try.
      page = html;
      return { status: response.status, html, location: response.headers.get('location') };
    },
  };
}
