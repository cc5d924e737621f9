import fc from 'fast-check';
import { FORM_ROUTES, type FuzzCase, ROUTES } from './case-shape.js';
import { soundCase } from './sound-case.js';
import { wildCase } from './wild-case.js';

const BENDABLE = [
  'method',
  'pathTwist',
  'query',
  'origin',
  'host',
  'cookies',
  'cookieJoin',
  'contentType',
  'body',
  'headers',
] as const satisfies readonly (keyof FuzzCase)[];

/**
 * The whole request: half the time anything at all, half the time a sound request with up to two of
 * its parts swapped for wild ones, so refusals deep in the handlers and services are reached too.
 */
export function fuzzCase(): fc.Arbitrary<FuzzCase> {
  // Built once per route: making arbitraries is far slower than drawing from them.
  const byRoute = new Map(
    ROUTES.map((route) => {
      const bent = fc
        .record({
          sound: soundCase(route),
          wild: wildCase(route),
          bend: fc.subarray([...BENDABLE], { maxLength: 2 }),
        })
        .map(({ sound, wild, bend }) => ({
          ...sound,
          ...Object.fromEntries(bend.map((key) => [key, wild[key]])),
        }));
      return [route as string, fc.oneof(wildCase(route), bent)];
    }),
  );
  const route = fc.oneof(
    { arbitrary: fc.constantFrom(...FORM_ROUTES), weight: 3 },
    { arbitrary: fc.constantFrom(...ROUTES), weight: 2 },
  );
  return route.chain((chosen) => byRoute.get(chosen) ?? wildCase(chosen));
}
