import fc from 'fast-check';
import { DEFAULT_TEST_USERS } from '../start-portal.js';

/**
 * Values the HTTP fuzzer puts in fields, query parameters, cookies and headers. Secrets the portal
 * issues at run time (CSRF pairs, session and link tokens, a solved proof of work) are named here and filled in when a case
 * is sent, so a seed replays the same cases against a fresh portal.
 */

export const SECRET_NAMES = [
  'csrfToken',
  'csrfSecret',
  'otherCsrfToken',
  'otherCsrfSecret',
  'sessionToken',
  'resetToken',
  'activationToken',
  'adminToken',
  'challengeSolution',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** How a secret is bent before it is sent: `none` keeps it valid, the rest make it valid-looking. */
export const TWISTS = ['none', 'truncate', 'flip', 'upper', 'pad', 'percent', 'quote', 'double'] as const;
export type Twist = (typeof TWISTS)[number];

export interface SecretRef {
  secret: SecretName;
  twist: Twist;
}

export type FuzzValue = string | SecretRef;

/** Users the fuzz portal adds to the default ones: suspended (with a password, so a right one meets
 * ACCOUNT_SUSPENDED) and pending activation (no password). */
export const SUSPENDED_USER = { email: 'sam.suspended@contoso.example', password: 'Granite-Orbit-Fable-64' };
export const PENDING_EMAIL = 'nina.new@contoso.example';

export const KNOWN_EMAILS = [
  ...DEFAULT_TEST_USERS.map((user) => user.email),
  SUSPENDED_USER.email,
  PENDING_EMAIL,
];
export const KNOWN_PASSWORDS = [...DEFAULT_TEST_USERS.map((user) => user.password), SUSPENDED_USER.password];
/** New passwords the default policy accepts, so some changes and link uses really go through. */
export const STRONG_PASSWORDS = [
  'Saffron-Kestrel-Window-42',
  'Quiet-Lagoon-Pepper-17',
  'Amber-Falcon-Tide-88',
];

const LENGTHS = [0, 1, 199, 200, 201, 253, 254, 255, 512, 513, 1023, 1024, 1025, 4096, 4097, 16_385];

/** Strings that have broken parsers before: encodings, separators, prototype keys, markup. */
const NASTY = [
  '%',
  '%zz',
  '%C0%AF',
  '%FF%FE',
  '%ED%A0%80',
  '%00',
  '\u0000',
  '\r\n',
  '\t',
  '\uFEFF',
  '\uD800',
  'a\uDC00b',
  '\u202E',
  '..',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '"><img src=x>',
  "'",
  '&',
  '=',
  ';',
  '+',
  '[]',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '{"a":1}',
  // The shape of a device-cookie entry (id.mac, joined by ~), unsigned.
  'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA~BBBBBBBBBBBBBBBBBBBBBB.BBBBBBBBBBBBBBBBBBBBBB',
];

const URLS = [
  'https://account.activedirectory.windowsazure.com/ChangePassword.aspx?BrandContextID=O1&ruO365=',
  'https://mysignins.microsoft.com/security-info/password/change?a=1&b=c%20d',
  'https%3A%2F%2Fmysignins.microsoft.com%2Fsecurity-info%3Fa%3D1%26b',
  'http://127.0.0.1/',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  '//evil.example/x',
  'https://[::1]:99999/',
  'https://xn--80ak6aa92e.com/',
];

function repeated(unit: string): fc.Arbitrary<string> {
  return fc.constantFrom(...LENGTHS).map((length) => unit.repeat(length));
}

/** A run-time secret, most often unbent. */
export function secretRef(names: readonly SecretName[] = SECRET_NAMES): fc.Arbitrary<SecretRef> {
  return fc.record({
    secret: fc.constantFrom(...names),
    twist: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 3 }, fc.constantFrom(...TWISTS)),
  });
}

/** Any text at all, weighted towards what tends to break things. */
export function fuzzText(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.string({ maxLength: 24 }), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 24 }), weight: 2 },
    { arbitrary: fc.constantFrom(...NASTY), weight: 4 },
    { arbitrary: fc.oneof(repeated('a'), repeated('é'), repeated('😀'), repeated('%')), weight: 2 },
    { arbitrary: fc.constantFrom(...URLS), weight: 1 },
  );
}

export function fuzzEmail(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...KNOWN_EMAILS), weight: 4 },
    {
      arbitrary: fc.constantFrom(...KNOWN_EMAILS).map((email) => ` ${email.toUpperCase()} `),
      weight: 1,
    },
    { arbitrary: fc.emailAddress(), weight: 3 },
    { arbitrary: repeated('a').map((local) => `${local}@contoso.example`), weight: 1 },
    { arbitrary: fuzzText(), weight: 2 },
  );
}

export function fuzzPassword(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...KNOWN_PASSWORDS), weight: 3 },
    { arbitrary: fc.constantFrom(...STRONG_PASSWORDS), weight: 3 },
    { arbitrary: fuzzText(), weight: 3 },
  );
}

/** A `from` value: Microsoft URLs raw and encoded, and scheme prefixes (also encoded) before any text. */
export function fuzzFrom(): fc.Arbitrary<string> {
  const prefixed = fc
    .tuple(
      fc.constantFrom('https://', 'http://', 'https%3A', 'HTTP%3a%2F%2F', 'https%3A%2F%2Fx%2F', 'ftp://'),
      fuzzText(),
    )
    .map(([scheme, rest]) => `${scheme}${rest}`);
  return fc.oneof(
    fc.constantFrom(...URLS),
    prefixed,
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    repeated('https://a.example/').map((url) => url.slice(0, 5000)),
    fuzzText(),
  );
}

/** A value for any slot: mostly text, sometimes a run-time secret. */
export function fuzzValue(): fc.Arbitrary<FuzzValue> {
  return fc.oneof({ arbitrary: fuzzText(), weight: 5 }, { arbitrary: secretRef(), weight: 1 });
}
