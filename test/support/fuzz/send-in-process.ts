import type { Hono } from 'hono';
import type { FuzzRequest } from './materialise-case.js';

/** A status code, or why there is none: `unsent` when fetch's Request refuses what was generated. */
export type FuzzOutcome =
  | { status: number }
  | { status: 'unsent' | 'no-response' | 'timeout'; reason: string };

/** As Node's HTTP parser hands header values over: UTF-8 bytes read as Latin-1, never CR, LF or NUL. */
export function headerSafe(value: string): string {
  return Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(/[\r\n\0]/g, ' ');
}

/** Sends the request through app.request(), against the app's public origin; the body is read to the end. */
export async function sendInProcess(app: Hono, origin: string, request: FuzzRequest): Promise<FuzzOutcome> {
  let built: Request;
  try {
    const headers = new Headers();
    for (const [name, value] of request.headers) headers.append(name, headerSafe(value));
    const bodyless = /^(GET|HEAD)$/i.test(request.method);
    // Joined as text, not resolved: a target of //x is a path on this origin, not a host named x.
    const url = `${origin}${/^[/\\]/.test(request.target) ? '' : '/'}${request.target}`;
    built = new Request(url, {
      method: request.method,
      headers,
      body: bodyless || request.body === null ? null : Buffer.from(request.body),
    });
  } catch (error) {
    return { status: 'unsent', reason: error instanceof Error ? error.message : String(error) };
  }
  const response = await app.request(built);
  await response.arrayBuffer();
  return { status: response.status };
}
