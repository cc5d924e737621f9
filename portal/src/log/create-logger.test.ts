import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

describe('createLogger()', () => {
  it('redacts password and secret fields wherever they sit', () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    logger.info(
      {
        password: 'Harbour-1!',
        body: { newPassword: 'Tidal-2!', currentPassword: 'Old-3!' },
        config: { tenants: [{ graph: { clientSecret: 'sek' } }], secretKey: 'k3y' },
      },
      'x',
    );
    const text = lines.join('');
    for (const secret of ['Harbour-1!', 'Tidal-2!', 'Old-3!', 'sek', 'k3y'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it("redacts the admin console's OpenID Connect secrets wherever they sit", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    logger.info(
      {
        response: { id_token: 'eyJ.id.tok', access_token: 'at-1' },
        checks: { code_verifier: 'ver-1', codeVerifier: 'ver-2', idToken: 'eyJ.id.tok2' },
        config: { admin: { oidc: { clientSecret: 'oidc-sek' } } },
      },
      'x',
    );
    const text = lines.join('');
    for (const secret of ['eyJ.id.tok', 'at-1', 'ver-1', 'ver-2', 'oidc-sek'])
      expect(text).not.toContain(secret);
  });
});
