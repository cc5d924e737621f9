import type { FuzzCase, OriginSpec, PathTwist } from './case-shape.js';
import { encodeBody } from './encode-body.js';
import type { FuzzValue, SecretName, Twist } from './fuzz-values.js';
import { percentEncode } from './percent-encoding.js';

/** The portal a case is sent to: its public origin and the secrets it has issued so far. */
export interface FuzzContext {
  /** e.g. http://127.0.0.1:40123, also the config's publicUrl. */
  origin: string;
  secrets: Record<SecretName, string>;
}

/** A request as bytes and header pairs, ready for app.request() or a socket. */
export interface FuzzRequest {
  method: string;
  /** The request target as sent on the request line: path and query. */
  target: string;
  /** In order, duplicates kept; values as the client would type them (not yet made header-safe). */
  headers: [string, string][];
  body: Uint8Array | null;
  chunked: boolean;
}

const FOREIGN = 'https://evil.example';

function twist(value: string, how: Twist): string {
  const middle = value.length >> 1;
  switch (how) {
    case 'none':
      return value;
    case 'truncate':
      return value.slice(0, -1);
    case 'flip':
      return `${value.slice(0, middle)}${value[middle] === 'A' ? 'B' : 'A'}${value.slice(middle + 1)}`;
    case 'upper':
      return value.toUpperCase();
    case 'pad':
      return ` ${value} `;
    case 'percent':
      return percentEncode(value, true);
    case 'quote':
      return `"${value}"`;
    case 'double':
      return `${value}${value}`;
  }
}

function twistPath(route: string, how: PathTwist): string {
  const rest = route.slice(1);
  switch (how) {
    case 'none':
      return route;
    case 'trailingSlash':
      return `${route}/`;
    case 'doubleSlash':
      return `/${route}`;
    case 'upper':
      return route.toUpperCase();
    case 'percentChar':
      return rest === '' ? '/%2F' : `/${percentEncode(rest.slice(0, 1), true)}${rest.slice(1)}`;
    case 'dotSegment':
      return `/x/..${route}`;
    case 'encodedDots':
      return `/x/%2e%2E${route}`;
    case 'encodedSlash':
      return `/${rest.replaceAll('/', '%2F')}%2F`;
    case 'semicolon':
      return `${route};jsessionid=1`;
    case 'nullByte':
      return `${route}%00`;
    case 'extraSegment':
      return `${route}/x`;
    case 'backslash':
      return route.replaceAll('/', '\\');
    case 'long':
      return `${route}/${'a'.repeat(9000)}`;
    case 'unicode':
      return `${route}\u00e9\u{1F600}`;
    case 'fragment':
      return `${route}#frag`;
    case 'badEscape':
      return `${route}%FF%C0%AF%zz%`;
    case 'absolute':
      return `${FOREIGN}${route}`;
    case 'asterisk':
      return '*';
  }
}

function originHeaders(spec: OriginSpec, origin: string): [string, string][] {
  switch (spec) {
    case 'none':
      return [];
    case 'public':
      return [['Origin', origin]];
    case 'public-slash':
      return [['Origin', `${origin}/`]];
    case 'null':
      return [['Origin', 'null']];
    case 'foreign':
      return [['Origin', FOREIGN]];
    case 'garbage':
      return [['Origin', 'not a url']];
    case 'referer-public':
      return [['Referer', `${origin}/change?from=x`]];
    case 'referer-foreign':
      return [['Referer', `${FOREIGN}/change`]];
    case 'referer-garbage':
      return [['Referer', '::::']];
    case 'conflicting':
      return [
        ['Origin', FOREIGN],
        ['Referer', `${origin}/change`],
      ];
  }
}

/** Fills in the context's secrets and lays the case out as a request. */
export function materialiseCase(fuzzCase: FuzzCase, context: FuzzContext): FuzzRequest {
  const resolve = (value: FuzzValue): string =>
    typeof value === 'string' ? value : twist(context.secrets[value.secret], value.twist);
  const query = fuzzCase.query
    .map(({ name, value, raw }) => {
      const text = resolve(value);
      return `${raw ? name : percentEncode(name)}=${raw ? text : percentEncode(text)}`;
    })
    .join('&');
  const target = `${twistPath(fuzzCase.route, fuzzCase.pathTwist)}${query === '' ? '' : `?${query}`}`;

  const headers: [string, string][] = [];
  const host = new URL(context.origin).host;
  const hostValue = { public: host, foreign: 'evil.example', garbage: '[::1', none: null }[fuzzCase.host];
  if (hostValue !== null) headers.push(['Host', hostValue]);
  headers.push(...originHeaders(fuzzCase.origin, context.origin));
  const cookies = fuzzCase.cookies.map(({ name, value }) => `${name}=${resolve(value)}`);
  if (fuzzCase.cookieJoin === 'separate') for (const cookie of cookies) headers.push(['Cookie', cookie]);
  else if (cookies.length > 0) headers.push(['Cookie', cookies.join(fuzzCase.cookieJoin)]);
  const body = encodeBody(fuzzCase.body, fuzzCase.contentType, resolve);
  if (body.contentType !== null) headers.push(['Content-Type', body.contentType]);
  for (const [name, parts] of fuzzCase.headers) headers.push([name, parts.map(resolve).join('')]);

  return {
    method: fuzzCase.method,
    target,
    headers,
    body: body.bytes,
    chunked: fuzzCase.framing === 'chunked',
  };
}
