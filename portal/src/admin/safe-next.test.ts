import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.js';

describe('safeNext()', () => {
  it('keeps a console path with its query', () => {
    expect(safeNext('/admin/users?q=ann&state=locked')).toBe('/admin/users?q=ann&state=locked');
    expect(safeNext('/admin')).toBe('/admin');
  });

  it.each([
    ['another origin', 'https://evil.example/admin'],
    ['a scheme-relative URL', '//evil.example/admin'],
    ['a backslash browsers read as a slash', '/\\evil.example/admin'],
    ['a path outside the console', '/change'],
    ['dot segments leaving the console', '/admin/../change'],
    ['a look-alike prefix', '/administrator'],
    ['a control character', '/admin\n/users'],
    ['the sign-in itself (a loop)', '/admin/callback?code=x'],
    ['nothing', undefined],
  ])('falls back to /admin for %s', (_, value) => {
    expect(safeNext(value)).toBe('/admin');
  });
});
