import { timingSafeEqual } from 'node:crypto';
import type { Exchange } from './context.js';
import { escapeHtml } from './http-util.js';
import type { OidcPerson } from './oidc-types.js';

/** The "Sign in as" page: one button per person, the authorization request carried in hidden fields. */
export function signInAsPage(params: URLSearchParams, people: readonly Required<OidcPerson>[]): string {
  const hidden = [...params]
    .filter(([name]) => name !== 'person')
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const buttons =
    people.length === 0
      ? '<p>No demo people are configured (emulator.oidc.setPeople).</p>'
      : people
          .map(
            (person) =>
              `<li><button type="submit" name="person" value="${escapeHtml(person.email)}">Sign in as ${escapeHtml(person.name)} (${escapeHtml(person.email)})</button></li>`,
          )
          .join('');
  return page(
    'Sign in as',
    `<p>This is the local emulator's demo identity provider: no password is asked.</p><form method="post" action="/oidc/authorize">${hidden}<ul>${buttons}</ul></form>`,
  );
}

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – emulated identity provider</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function cookie(exchange: Exchange, name: string): string | null {
  for (const part of (exchange.req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** client_secret_basic (RFC 6749 2.3.1: form-urlencoded, then Base64) or client_secret_post; never both. */
export function clientCredentials(
  exchange: Exchange,
  form: URLSearchParams,
): { clientId: string; secret: string } | null {
  const header = exchange.req.headers.authorization;
  const posted = form.get('client_secret');
  if (header?.startsWith('Basic ')) {
    if (posted !== null) return null;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  }
  const clientId = form.get('client_id');
  return clientId === null || posted === null ? null : { clientId, secret: posted };
}
