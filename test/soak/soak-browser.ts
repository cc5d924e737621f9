import { request } from 'node:http';
import { challengeFields } from '../support/solve-page-challenge.js';

/** What one HTTP request to the portal came to, from the client's side. */
export type HttpResult =
  | { kind: 'answer'; status: number; body: string; location: string | null }
  /** Connection refused: the portal is down and nothing reached it. Safe to send again. */
  | { kind: 'down' }
  /** The connection broke after it was made (reset, closed, timed out): the portal may have acted on it. */
  | { kind: 'cut'; reason: string };

export interface ServerError {
  method: string;
  path: string;
  status: number;
  /** The start of the body, for the report (pages never carry passwords). */
  excerpt: string;
}

/** What every browser saw, for the summary and the invariants. */
export interface HttpTally {
  requests: number;
  posts: number;
  down: number;
  cut: number;
  /** Requests that got no answer in REQUEST_TIMEOUT_MS while the connection stayed open. */
  hung: number;
  statuses: Map<number, number>;
  serverErrors: ServerError[];
  /** Called as each POST is sent (the kill plan counts them). */
  onPost: (() => void) | null;
}

export function createHttpTally(): HttpTally {
  return {
    requests: 0,
    posts: 0,
    down: 0,
    cut: 0,
    hung: 0,
    statuses: new Map(),
    serverErrors: [],
    onPost: null,
  };
}

// Far above any answer the portal gives (changeWaitMs is 2 s): an answer this late is a hang.
const REQUEST_TIMEOUT_MS = 60_000;

export interface SoakBrowser {
  get(path: string): Promise<HttpResult>;
  /** Posts a form with the CSRF token of the last page fetched, as a browser on the portal's origin. */
  post(path: string, fields: Record<string, string>): Promise<HttpResult>;
}

/**
 * One person's browser: cookies kept across requests and restarts (CSRF, device, sign-in session), one
 * new connection per request, so a request never rides a connection the killed process left behind and
 * "refused" reliably means "not delivered".
 */
export function openSoakBrowser(baseUrl: string, tally: HttpTally): SoakBrowser {
  const jar = new Map<string, string>();
  let csrf = '';
  /** The last page answered: its proof of work, if it asks one, goes with the next post. */
  let page = '';
  const base = new URL(baseUrl);

  function send(method: 'GET' | 'POST', path: string, body: string | null): Promise<HttpResult> {
    tally.requests += 1;
    if (method === 'POST') {
      tally.posts += 1;
      tally.onPost?.();
    }
    const headers: Record<string, string> = {
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (body !== null) {
      headers.origin = baseUrl;
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve) => {
      const req = request(
        { host: base.hostname, port: base.port, method, path, headers, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error: NodeJS.ErrnoException) => resolve(broken(error)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            keepCookies(jar, res.headers['set-cookie'] ?? []);
            const text = Buffer.concat(chunks).toString('utf8');
            csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? csrf;
            page = text;
            tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
            if (status >= 500)
              tally.serverErrors.push({
                method,
                path: path.split('?')[0] ?? path,
                status,
                excerpt: text.slice(0, 300),
              });
            resolve({ kind: 'answer', status, body: text, location: res.headers.location ?? null });
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => {
        tally.hung += 1;
        req.destroy(Object.assign(new Error('no answer in time'), { code: 'SOAK_TIMEOUT' }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(broken(error)));
      req.end(body ?? undefined);
    });
  }

  function broken(error: NodeJS.ErrnoException): HttpResult {
    if (error.code === 'ECONNREFUSED') {
      tally.down += 1;
      return { kind: 'down' };
    }
    tally.cut += 1;
    return { kind: 'cut', reason: error.code ?? error.message };
  }

  return {
    get: (path) => send('GET', path, null),
    post: async (path, fields) => {
      const challenge = await challengeFields(page);
      return send('POST', path, new URLSearchParams({ _csrf: csrf, ...challenge, ...fields }).toString());
    },
  };
}

function keepCookies(jar: Map<string, string>, setCookies: readonly string[]): void {
  for (const cookie of setCookies) {
    const [pair = '', ...attributes] = cookie.split(';');
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || pair.slice(at + 1) === '';
    if (gone) jar.delete(name);
    else jar.set(name, pair.slice(at + 1));
  }
}
