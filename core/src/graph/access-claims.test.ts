import { describe, expect, it } from 'vitest';
import { readAccessClaims } from './access-claims.js';

function token(payload: unknown): string {
  return `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
}

describe('readAccessClaims()', () => {
  it('reads the tenant, the app, its permissions and its directory roles', () => {
    expect(
      readAccessClaims(token({ tid: 'T', appid: 'A', roles: ['User.Read.All', 7], wids: ['ABC'] })),
    ).toEqual({ tenantId: 'T', appId: 'A', roles: ['User.Read.All'], directoryRoleIds: ['abc'] });
  });

  it('answers null, not an exception, for a token whose payload is not a JSON object', () => {
    for (const payload of [null, 42, 'text', []]) expect(readAccessClaims(token(payload))).toBeNull();
    expect(readAccessClaims('opaque-token')).toBeNull();
    expect(readAccessClaims('a.!!!.b')).toBeNull();
  });
});
