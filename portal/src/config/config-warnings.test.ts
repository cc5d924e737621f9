import { describe, expect, it } from 'vitest';
import { configWarnings } from './config-warnings.js';
import { parseConfig } from './parse-config.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('configWarnings()', () => {
  it('warns about plain http, no lockout, no history, no proof of work, no tenant and a forgeable client address', () => {
    const config = parseConfig(
      {
        publicUrl: 'http://passwords.contoso.com',
        secretKey: KEY,
        host: '0.0.0.0',
        trustProxy: true,
        policy: { lockout: null, historyCount: 0 },
        bots: { challenge: false },
      },
      {},
    );
    expect(configWarnings(config)).toEqual([
      expect.stringMatching(/^publicUrl is http/),
      expect.stringMatching(/^policy.lockout is off/),
      expect.stringMatching(/^policy.historyCount is 0/),
      expect.stringMatching(/^bots.challenge is off/),
      expect.stringMatching(/^no Microsoft 365 tenant/),
      // Outside the demo the links are not logged (they are live reset tokens): the warning must not say otherwise.
      expect.stringMatching(/^mail is not configured: .*their links are NOT logged/),
      expect.stringMatching(/^trustProxy is on/),
    ]);
  });

  it('warns when a remote PostgreSQL database is reached without TLS', () => {
    const input = { publicUrl: 'https://passwords.contoso.com', secretKey: KEY, demo: true };
    const plain = parseConfig({ ...input, database: 'postgres://passgate@db.contoso.com/passgate' }, {});
    expect(configWarnings(plain)).toContainEqual(
      expect.stringMatching(/^database: the PostgreSQL URL asks for no TLS/),
    );
    for (const database of [
      'postgres://passgate@db.contoso.com/passgate?sslmode=verify-full',
      'postgres://passgate@127.0.0.1:5432/passgate',
    ])
      expect(configWarnings(parseConfig({ ...input, database }, {}))).not.toContainEqual(
        expect.stringMatching(/^database:/),
      );
  });

  it('warns when metrics are served without a token', () => {
    const input = { publicUrl: 'https://passwords.contoso.com', secretKey: KEY, demo: true };
    const open = parseConfig({ ...input, metrics: { enabled: true } }, {});
    expect(configWarnings(open)).toContainEqual(expect.stringMatching(/^metrics are on without a token/));
    const closed = parseConfig({ ...input, metrics: { enabled: true, bearerToken: 'c0ffee'.repeat(6) } }, {});
    expect(configWarnings(closed).filter((w) => w.startsWith('metrics'))).toEqual([]);
  });

  it('has nothing to say about a local http address in development', () => {
    const config = parseConfig(
      {
        publicUrl: 'http://localhost:8787',
        secretKey: KEY,
        tenants: [],
        mail: { host: 'smtp.contoso.com', from: 'pw@contoso.com' },
      },
      {},
    );
    expect(configWarnings(config)).toEqual([expect.stringMatching(/^no Microsoft 365 tenant/)]);
  });

  it('warns that passkeys cannot be offered when publicUrl names an IP address', () => {
    const input = { secretKey: KEY, tenants: [], demo: true };
    for (const publicUrl of ['http://127.0.0.1:8787', 'https://192.0.2.10', 'http://[::1]:8787'])
      expect(configWarnings(parseConfig({ ...input, publicUrl }, {}))).toContainEqual(
        expect.stringMatching(/^publicUrl names an IP address .*no page offers them/),
      );
    const withoutPasskeys = parseConfig(
      { ...input, publicUrl: 'https://192.0.2.10', recovery: { methods: ['totp', 'recovery_codes'] } },
      {},
    );
    expect(configWarnings(withoutPasskeys).filter((w) => w.startsWith('publicUrl names'))).toEqual([]);
  });
});
