import type { Hono } from 'hono';

export interface AppPage {
  status: number;
  html: string;
  location: string | null;
}

/** A browser's part, over app.request(): keeps cookies, posts with the CSRF token of the last page, never follows redirects. */
export interface AppClient {
  get(path: string): Promise<AppPage>;
  post(path: string, fields: Record<string, string>): Promise<AppPage>;
  /** The names of the cookies it holds now. */
  cookies(): string[];
}

/** `headers` go with every request, e.g. X-Forwarded-For to tell clients apart (with trustProxy). */
export function appClient(
  app: Hono,
  origin = 'http://localhost',
  headers: Record<string, string> = {},
): AppClient {
  const jar = new Map<string, string>();
  let csrf = '';
  const send = async (path: string, init: RequestInit): Promise<AppPage> => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await app.request(path, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string>), cookie },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const html = await response.text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrf;
    return { status: response.status, html, location: response.headers.get('location') };
  };
  return {
    get: (path) => send(path, {}),
    post: (path, fields) =>
      send(path, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      }),
    cookies: () => [...jar.keys()],
  };
}
