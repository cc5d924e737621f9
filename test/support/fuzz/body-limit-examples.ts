import { DEFAULT_TEST_USERS } from '../start-portal.js';
import type { FuzzCase } from './case-shape.js';

/**
 * Form posts the portal's own page could send, padded to either side of the 16 KiB body limit and
 * framed both ways, so every socket run meets the limit through Node's real parser.
 */
export function bodyLimitExamples(): FuzzCase[] {
  const [user] = DEFAULT_TEST_USERS;
  const sizes = [16_384, 16_385, 65_536] as const;
  return sizes.flatMap((size) =>
    (['content-length', 'chunked'] as const).map(
      (framing): FuzzCase => ({
        method: 'POST',
        route: '/change',
        pathTwist: 'none',
        query: [],
        origin: 'public',
        host: 'public',
        cookies: [{ name: 'passgate-csrf', value: { secret: 'csrfSecret', twist: 'none' } }],
        cookieJoin: '; ',
        contentType: 'match',
        body: {
          kind: 'padded',
          size,
          fields: [
            { name: '_csrf', value: { secret: 'csrfToken', twist: 'none' } },
            { name: 'email', value: user?.email ?? '' },
            { name: 'currentPassword', value: 'not-the-password' },
            { name: 'newPassword', value: 'Saffron-Kestrel-Window-42' },
            { name: 'confirmPassword', value: 'Saffron-Kestrel-Window-42' },
          ],
        },
        framing,
        headers: [],
      }),
    ),
  );
}
