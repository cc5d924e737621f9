import fc from 'fast-check';
import {
  CONTENT_TYPES,
  type ContentTypeSpec,
  type CookieItem,
  FORM_ROUTES,
  type FuzzCase,
  METHODS,
  ODD_METHODS,
  ORIGINS,
  type OriginSpec,
  PATH_TWISTS,
  type PathTwist,
  type QueryParam,
} from './case-shape.js';
import { bodySpec } from './fuzz-body.js';
import { type FuzzValue, fuzzFrom, fuzzText, fuzzValue, secretRef } from './fuzz-values.js';

/** Requests with every part drawn freely: any method, path twist, header, cookie, encoding and body. */

export const weighted = <T>(common: T, others: readonly T[], weight = 3): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: fc.constant(common), weight }, fc.constantFrom(...others));

function queryParam(): fc.Arbitrary<QueryParam> {
  const name = fc.oneof(
    {
      arbitrary: fc.constantFrom('from', 'token', 'v', 'browser', 'platform', 'format', 'disableIncognito'),
      weight: 4,
    },
    fuzzText(),
  );
  return fc.record({
    name,
    value: fc.oneof(
      fuzzValue(),
      fuzzFrom(),
      secretRef(['resetToken', 'activationToken']),
      fc.constantFrom(
        'chrome',
        'edge',
        'firefox',
        'chromium',
        'windows',
        'macos',
        'linux',
        'reg',
        'json',
        'true',
      ),
    ),
    raw: fc.boolean(),
  });
}

function cookieItem(): fc.Arbitrary<CookieItem> {
  return fc.oneof(
    {
      arbitrary: fc.record({
        name: fc.constant('passgate-csrf'),
        value: secretRef(['csrfSecret', 'otherCsrfSecret']),
      }),
      weight: 6,
    },
    {
      arbitrary: fc.record({ name: fc.constant('pg_session'), value: secretRef(['sessionToken']) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        name: fc.constantFrom(
          'passgate-csrf',
          'pg_session',
          '__Host-passgate-csrf',
          '__Host-pg_session',
          'passgate-device',
          'PASSGATE-CSRF',
          'passgate-csrf ',
        ),
        value: fuzzValue(),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ name: fuzzText(), value: fuzzValue() }), weight: 1 },
  );
}

/** A form type, or not quite one, followed by any parameters at all. */
function contentType(): fc.Arbitrary<ContentTypeSpec> {
  const literal = fc
    .tuple(
      fc.constantFrom(
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'Multipart/Form-Data',
        'application/x-www-form-urlencodedx',
        'multipart/mixed',
        'text/html',
        '',
      ),
      fc.constantFrom('', ';', '; boundary=', '; boundary=""', '; charset=', ';;charset=utf-8;;', ' ; a=b'),
      fuzzText(),
    )
    .map(([type, param, rest]): ContentTypeSpec => ({ literal: `${type}${param}${rest}` }));
  return fc.oneof(
    { arbitrary: fc.constant<ContentTypeSpec>('match'), weight: 5 },
    { arbitrary: fc.constantFrom<ContentTypeSpec>(...CONTENT_TYPES), weight: 3 },
    { arbitrary: literal, weight: 1 },
  );
}

function extraHeader(): fc.Arbitrary<[string, FuzzValue[]]> {
  const pair = (name: string, ...parts: fc.Arbitrary<FuzzValue>[]) =>
    fc.tuple(fc.constant(name), fc.tuple(...parts)) as fc.Arbitrary<[string, FuzzValue[]]>;
  return fc.oneof(
    pair('Authorization', fc.constant('Bearer '), secretRef(['adminToken'])),
    pair('Authorization', fuzzValue()),
    pair('X-Forwarded-For', fc.oneof(fc.ipV4(), fc.ipV6(), fuzzText())),
    pair('X-Forwarded-For', fc.ipV4(), fc.constant(', '), fc.ipV4()),
    pair('User-Agent', fuzzText()),
    pair('X-Request-Id', fuzzText()),
    pair('Accept', fc.constantFrom('text/html', '*/*', 'application/json', '')),
    pair('Accept-Language', fuzzText()),
    pair('If-None-Match', fuzzText()),
    pair('Range', fc.constantFrom('bytes=0-1', 'bytes=-1', 'bytes=9999999-', 'lines=1')),
    pair('Content-Encoding', fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x')),
    pair('Expect', fc.constantFrom('100-continue', 'nothing')),
    pair('Content-Language', fuzzText()),
    fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), fc.tuple(fuzzText())),
  );
}

export function wildCase(route: string): fc.Arbitrary<FuzzCase> {
  return fc.record({
    method: fc.oneof(
      { arbitrary: fc.constant('POST'), weight: 6 },
      { arbitrary: fc.constant('GET'), weight: 3 },
      { arbitrary: fc.constantFrom(...METHODS), weight: 3 },
      { arbitrary: fc.constantFrom(...ODD_METHODS), weight: 1 },
    ),
    route: fc.constant(route),
    pathTwist: weighted<PathTwist>('none', PATH_TWISTS, 6),
    query: fc.oneof(
      { arbitrary: fc.constant<QueryParam[]>([]), weight: 2 },
      fc.array(queryParam(), { maxLength: 4 }),
    ),
    origin: weighted<OriginSpec>('public', ORIGINS, 4),
    host: weighted('public' as const, ['public', 'foreign', 'garbage', 'none'] as const, 6),
    cookies: fc.array(cookieItem(), { maxLength: 4 }),
    cookieJoin: weighted('; ' as const, ['; ', ';', ', ', 'separate'] as const),
    contentType: contentType(),
    // The body is usually the form of the route it is sent to, sometimes another route's.
    body: bodySpec(fc.oneof({ arbitrary: fc.constant(route), weight: 4 }, fc.constantFrom(...FORM_ROUTES))),
    framing: weighted('content-length' as const, ['content-length', 'chunked'] as const),
    headers: fc.array(extraHeader(), { maxLength: 4 }),
  });
}
