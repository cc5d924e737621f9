import fc from 'fast-check';
import {
  type FuzzValue,
  fuzzEmail,
  fuzzFrom,
  fuzzPassword,
  fuzzText,
  fuzzValue,
  type SecretRef,
  secretRef,
} from './fuzz-values.js';

/** What a fuzz case sends as its body, before run-time secrets are filled in. */

export interface FormField {
  name: string;
  value: FuzzValue;
}

export type FormEncoding = 'urlencoded' | 'multipart' | 'json';

/** valid: UTF-8; latin1: the same text as ISO-8859-1 bytes (invalid UTF-8); broken: stray 0xFF/0xC3 bytes. */
export type Utf8Mode = 'valid' | 'latin1' | 'broken';

export type BodySpec =
  | { kind: 'none' }
  | { kind: 'form'; encoding: FormEncoding; fields: FormField[]; rawValues: boolean; utf8: Utf8Mode }
  | { kind: 'bytes'; bytes: Uint8Array }
  /** A urlencoded form padded with one more field to exactly `size` bytes: the body limit's edges. */
  | { kind: 'padded'; fields: FormField[]; size: number };

/** Form fields each POST route reads, so well-formed cases get past parsing and reach the services. */
export const ROUTE_FIELDS: Record<string, readonly string[]> = {
  '/change': ['_csrf', 'email', 'currentPassword', 'newPassword', 'confirmPassword', 'from', 'altcha'],
  '/signin': ['_csrf', 'email', 'currentPassword', 'from', 'altcha'],
  '/signin/new-password': ['_csrf', 'newPassword', 'confirmPassword'],
  '/reset': ['_csrf', 'email', 'from', 'altcha'],
  '/reset/verify': ['_csrf', 'factor', 'code'],
  '/reset/verify/send-code': ['_csrf'],
  '/reset/verify/send-link': ['_csrf'],
  '/reset/verify/passkey': ['_csrf', 'response'],
  '/reset/verify/passkey/options': ['_csrf', 'purpose'],
  '/reset/new-password': ['_csrf', 'newPassword', 'confirmPassword'],
  '/reset/unlock': ['_csrf'],
  '/reset/confirm': ['_csrf', 'token', 'newPassword', 'confirmPassword'],
  '/reset/confirm/continue': ['_csrf', 'token'],
  '/activate': ['_csrf', 'token', 'newPassword', 'confirmPassword'],
};

const ODD_NAMES = ['_csrf[]', 'email[]', '__proto__', 'constructor', 'email.x', '', 'EMAIL', ' email'];

const csrfField = (): fc.Arbitrary<FuzzValue> =>
  fc.oneof(
    { arbitrary: secretRef(['csrfToken']).map((ref): SecretRef => ({ ...ref, twist: 'none' })), weight: 6 },
    { arbitrary: secretRef(['csrfToken', 'otherCsrfToken', 'csrfSecret']), weight: 2 },
    { arbitrary: fc.stringMatching(/^\d{10}\.[A-Za-z0-9_-]{43}$/), weight: 1 },
    { arbitrary: fuzzValue(), weight: 1 },
  );

/** The live secret a route's own page would carry in a field, if any. */
function liveSecret(route: string, name: string): SecretRef | null {
  if (name === '_csrf') return { secret: 'csrfToken', twist: 'none' };
  if (name === 'altcha') return { secret: 'challengeSolution', twist: 'none' };
  if (name !== 'token') return null;
  return { secret: route === '/activate' ? 'activationToken' : 'resetToken', twist: 'none' };
}

function fieldValue(name: string): fc.Arbitrary<FuzzValue> {
  switch (name) {
    case '_csrf':
      return csrfField();
    case 'token':
      return fc.oneof(
        { arbitrary: secretRef(['resetToken', 'activationToken']), weight: 4 },
        { arbitrary: fuzzValue(), weight: 1 },
      );
    case 'altcha':
      return fc.oneof(
        { arbitrary: secretRef(['challengeSolution']), weight: 4 },
        { arbitrary: fuzzValue(), weight: 1 },
      );
    case 'email':
      return fuzzEmail();
    case 'from':
      return fuzzFrom();
    default:
      return fuzzPassword();
  }
}

function withSameConfirm(fields: FormField[]): FormField[] {
  const newPassword = fields.find((field) => field.name === 'newPassword');
  return fields.map((field) =>
    field.name === 'confirmPassword' && newPassword !== undefined
      ? { ...field, value: newPassword.value }
      : field,
  );
}

/** A route's own fields with matching new passwords (`complete`), or the same bent about: dropped, duplicated, strangers added. */
export function routeFields(route: string, complete = false): fc.Arbitrary<FormField[]> {
  const key = `${route} ${complete}`;
  const made = madeFields.get(key) ?? makeRouteFields(route, complete);
  madeFields.set(key, made);
  return made;
}

const madeFields = new Map<string, fc.Arbitrary<FormField[]>>();

function makeRouteFields(route: string, complete: boolean): fc.Arbitrary<FormField[]> {
  const names = ROUTE_FIELDS[route] ?? ROUTE_FIELDS['/change'] ?? [];
  const value = (name: string): fc.Arbitrary<FuzzValue> => {
    const live = complete ? liveSecret(route, name) : null;
    return live === null ? fieldValue(name) : fc.constant(live);
  };
  const own = fc
    .tuple(...names.map(value))
    .map((values) => names.map((name, i): FormField => ({ name, value: values[i] ?? '' })));
  if (complete) return own.map((fields) => withSameConfirm(fields));
  return fc
    .record({
      own,
      sameConfirm: fc.boolean(),
      keep: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, fc.uint8Array({ minLength: 8 })),
      extra: fc.array(
        fc.record({
          name: fc.oneof(fc.constantFrom(...names, ...ODD_NAMES), fuzzText()),
          value: fuzzValue(),
        }),
        { maxLength: 3 },
      ),
    })
    .map(({ own: fields, sameConfirm, keep, extra }) => {
      const shaped = sameConfirm ? withSameConfirm(fields) : fields;
      // `keep` drops fields at random (one bit each); duplicates and strangers come from `extra`.
      const kept = keep === null ? shaped : shaped.filter((_, i) => ((keep[i] ?? 1) & 1) === 1);
      return [...kept, ...extra];
    });
}

export function bodySpec(route: fc.Arbitrary<string>): fc.Arbitrary<BodySpec> {
  return fc.oneof(
    { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 2 },
    {
      arbitrary: fc.record({
        kind: fc.constant('form' as const),
        encoding: fc.oneof(
          { arbitrary: fc.constant('urlencoded' as const), weight: 4 },
          fc.constantFrom('multipart' as const, 'json' as const),
        ),
        fields: route.chain(routeFields),
        rawValues: fc.boolean(),
        utf8: fc.oneof(
          { arbitrary: fc.constant('valid' as const), weight: 4 },
          fc.constantFrom('latin1', 'broken'),
        ),
      }),
      weight: 10,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('padded' as const),
        fields: route.chain(routeFields),
        size: fc.oneof(
          { arbitrary: fc.constantFrom(16_383, 16_384, 16_385, 20_000, 65_536), weight: 10 },
          fc.constant(1_048_576),
        ),
      }),
      weight: 1,
    },
  );
}
