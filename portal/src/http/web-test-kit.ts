import { Writable } from 'node:stream';
import { defaultPolicy } from '@passgate/core/policy';
import type { Hono } from 'hono';
import { type Logger, pino } from 'pino';
import type { AccountService, ChangeOutcome, ChangePasswordInput } from '../accounts/account-service.js';
import type { WebConfig } from './web-config.js';

/**
 * Helpers for tests that drive the app through `app.request()`: a config, a logger whose lines can
 * be scanned, a scripted AccountService double (for rendering and middleware tests only; the
 * change flow itself is tested against the real services in test/integration), and form round trips.
 */

export const PUBLIC_ORIGIN = 'http://localhost';

export function webTestConfig(overrides: Partial<WebConfig> = {}): WebConfig {
  return {
    publicUrl: `${PUBLIC_ORIGIN}/`,
    secretKey: Buffer.alloc(32, 7),
    policy: defaultPolicy,
    organisation: { name: 'Example Org', logoPath: null, supportText: null, supportUrl: null },
    trustProxy: false,
    demo: false,
    ...overrides,
  };
}

/** A pino logger writing JSON lines into `lines`, so tests can scan what was logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** Answers each changePassword() with the next scripted outcome and records what it was asked. */
export class ScriptedAccounts implements AccountService {
  readonly calls: ChangePasswordInput[] = [];
  readonly #outcomes: ChangeOutcome[];

  constructor(...outcomes: ChangeOutcome[]) {
    this.#outcomes = outcomes;
  }

  async changePassword(input: ChangePasswordInput): Promise<ChangeOutcome> {
    this.calls.push(input);
    const next = this.#outcomes.shift();
    if (next === undefined) throw new Error('ScriptedAccounts: no outcome left for this call');
    return next;
  }
}

export interface FormSession {
  cookie: string;
  token: string;
  html: string;
}

/** GETs a page with a form and returns its CSRF cookie and token. */
export async function openForm(app: Hono, path = '/change'): Promise<FormSession> {
  const response = await app.request(path);
  const html = await response.text();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  if (cookie === '' || token === '') throw new Error(`no CSRF cookie or token on ${path}`);
  return { cookie, token, html };
}

/** POSTs form fields the way a browser on the portal's own page would. */
export function submitForm(
  app: Hono,
  session: Pick<FormSession, 'cookie' | 'token'>,
  fields: Record<string, string>,
  options: { path?: string; origin?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Cookie: session.cookie,
    ...options.headers,
  };
  if (options.origin !== null) headers.Origin = options.origin ?? PUBLIC_ORIGIN;
  const body = new URLSearchParams({ _csrf: session.token, ...fields }).toString();
  return Promise.resolve(app.request(options.path ?? '/change', { method: 'POST', headers, body }));
}
