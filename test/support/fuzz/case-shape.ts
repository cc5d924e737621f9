import type { BodySpec } from './fuzz-body.js';
import type { FuzzValue } from './fuzz-values.js';

/**
 * One generated HTTP request, described by intent (which route, how it is bent, which secrets it
 * carries) rather than by bytes; materialise-case.ts turns it into bytes for one running portal.
 */

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;
export const ODD_METHODS = ['get', 'post', 'PROPFIND', 'FOO', 'TRACE', 'CONNECT'];

/** Every route the portal serves, and one it does not. */
export const ROUTES = [
  '/',
  '/change',
  '/signin',
  '/signin/new-password',
  '/reset',
  '/reset/verify',
  '/reset/verify/send-code',
  '/reset/verify/send-link',
  '/reset/verify/passkey',
  '/reset/verify/passkey/options',
  '/reset/new-password',
  '/reset/unlock',
  '/reset/confirm',
  '/reset/confirm/continue',
  '/activate',
  '/healthz',
  '/favicon.ico',
  '/assets/passgate.css',
  '/assets/change-password-island.js',
  '/assets/password-island.en.json',
  '/branding/logo',
  '/extension/updates.xml',
  '/extension/updates.json',
  '/extension/passgate.crx',
  '/extension/passgate.xpi',
  '/admin/extension/policy',
  '/no-such-page',
] as const;
export const FORM_ROUTES = [
  '/change',
  '/signin',
  '/signin/new-password',
  '/reset',
  '/reset/verify',
  '/reset/verify/send-code',
  '/reset/verify/send-link',
  '/reset/verify/passkey',
  '/reset/verify/passkey/options',
  '/reset/new-password',
  '/reset/unlock',
  '/reset/confirm',
  '/reset/confirm/continue',
  '/activate',
];

export const PATH_TWISTS = [
  'none',
  'trailingSlash',
  'doubleSlash',
  'upper',
  'percentChar',
  'dotSegment',
  'encodedDots',
  'encodedSlash',
  'semicolon',
  'nullByte',
  'extraSegment',
  'backslash',
  'long',
  'unicode',
  'fragment',
  'badEscape',
  'absolute',
  'asterisk',
] as const;
export type PathTwist = (typeof PATH_TWISTS)[number];

/** `raw`: inserted without percent-encoding (the extension sends `from` that way). */
export interface QueryParam {
  name: string;
  value: FuzzValue;
  raw: boolean;
}

export const CONTENT_TYPES = [
  'match',
  'none',
  'charset-latin1',
  'charset-utf16',
  'charset-garbage',
  'upper',
  'text-plain',
  'multipart-no-boundary',
  'multipart-wrong-boundary',
  'json',
  'garbage',
] as const;
/** One of the named shapes, or a header value given outright. */
export type ContentTypeSpec = (typeof CONTENT_TYPES)[number] | { literal: string };

export const ORIGINS = [
  'none',
  'public',
  'public-slash',
  'null',
  'foreign',
  'garbage',
  'referer-public',
  'referer-foreign',
  'referer-garbage',
  'conflicting',
] as const;
export type OriginSpec = (typeof ORIGINS)[number];

export interface CookieItem {
  name: string;
  value: FuzzValue;
}

export interface FuzzCase {
  method: string;
  route: string;
  pathTwist: PathTwist;
  query: QueryParam[];
  origin: OriginSpec;
  host: 'public' | 'foreign' | 'garbage' | 'none';
  cookies: CookieItem[];
  /** How several cookies are put in the request; `separate` sends one Cookie header each. */
  cookieJoin: '; ' | ';' | ', ' | 'separate';
  contentType: ContentTypeSpec;
  body: BodySpec;
  /** Over a socket only: how the body is framed. */
  framing: 'content-length' | 'chunked';
  /** Extra headers; a value is the concatenation of its parts. */
  headers: [string, FuzzValue[]][];
}
