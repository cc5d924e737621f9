import fc from 'fast-check';
import {
  type ContentTypeSpec,
  type CookieItem,
  FORM_ROUTES,
  type FuzzCase,
  type OriginSpec,
  type PathTwist,
  type QueryParam,
} from './case-shape.js';
import { type BodySpec, type FormEncoding, routeFields } from './fuzz-body.js';
import { type FuzzValue, fuzzFrom, fuzzText, type SecretName } from './fuzz-values.js';
import { weighted } from './wild-case.js';

/** Requests the portal's own pages (or an admin's download) would send, for fuzz-case.ts to bend. */

const LIVE_CSRF: CookieItem = { name: 'passgate-csrf', value: { secret: 'csrfSecret', twist: 'none' } };
const LIVE_SESSION: CookieItem = { name: 'pg_session', value: { secret: 'sessionToken', twist: 'none' } };
const ADMIN_BEARER: [string, FuzzValue[]] = [
  'Authorization',
  ['Bearer ', { secret: 'adminToken', twist: 'none' }],
];

/** browser, platform, format and disableIncognito for the admin policy download, mostly ones it knows. */
function policyQuery(): fc.Arbitrary<QueryParam[]> {
  const param = (name: string, known: string[], absent: number): fc.Arbitrary<QueryParam | null> =>
    fc.option(
      fc
        .oneof({ arbitrary: fc.constantFrom(...known), weight: 8 }, fuzzText())
        .map((value) => ({ name, value, raw: false })),
      { freq: absent },
    );
  return fc
    .tuple(
      param('browser', ['chrome', 'chromium', 'edge', 'firefox', 'safari'], 10),
      param('platform', ['windows', 'macos', 'linux', 'android'], 10),
      param('format', ['reg', 'intune', 'mobileconfig', 'json', 'pdf'], 2),
      param('disableIncognito', ['true', '1', 'false', 'yes'], 2),
    )
    .map((params) => params.filter((param): param is QueryParam => param !== null));
}

/** What the portal's own pages (or an admin's download) would send: live secrets, its origin, a complete form. */
export function soundCase(route: string): fc.Arbitrary<FuzzCase> {
  const common = {
    route: fc.constant(route),
    pathTwist: fc.constant<PathTwist>('none'),
    origin: fc.constantFrom<OriginSpec>('public', 'referer-public'),
    host: fc.constant('public' as const),
    cookies: fc.constant<CookieItem[]>([LIVE_CSRF, LIVE_SESSION]),
    cookieJoin: fc.constant('; ' as const),
    contentType: fc.constant<ContentTypeSpec>('match'),
    framing: weighted('content-length' as const, ['content-length', 'chunked'] as const),
  };
  if (!FORM_ROUTES.includes(route)) {
    return fc.record({
      ...common,
      method: fc.oneof({ arbitrary: fc.constant('GET'), weight: 4 }, fc.constant('HEAD')),
      query: route === '/admin/extension/policy' ? policyQuery() : fc.constant<QueryParam[]>([]),
      body: fc.constant<BodySpec>({ kind: 'none' }),
      headers: fc.constant(route === '/admin/extension/policy' ? [ADMIN_BEARER] : []),
    });
  }
  const linkQuery = fc
    .constantFrom<SecretName>('resetToken', 'activationToken')
    .map((secret): QueryParam[] => [{ name: 'token', value: { secret, twist: 'none' }, raw: false }]);
  const fromQuery = fuzzFrom().map((value): QueryParam[] => [{ name: 'from', value, raw: true }]);
  return fc.record({
    ...common,
    method: fc.oneof({ arbitrary: fc.constant('POST'), weight: 4 }, fc.constant('GET')),
    query: fc.oneof(fc.constant<QueryParam[]>([]), linkQuery, fromQuery),
    body: fc.record({
      kind: fc.constant('form' as const),
      encoding: fc.oneof(
        { arbitrary: fc.constant<FormEncoding>('urlencoded'), weight: 3 },
        fc.constant<FormEncoding>('multipart'),
      ),
      fields: routeFields(route, true),
      rawValues: fc.constant(false),
      utf8: fc.constant('valid' as const),
    }),
    headers: fc.constant([]),
  });
}
