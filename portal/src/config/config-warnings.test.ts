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

  describe('a tenant certificate', () => {
    const NOW = new Date('2031-05-10T09:00:00Z');
    const DAY = 86_400_000;
    const config = parseConfig(
      {
        publicUrl: 'https://passwords.contoso.com',
        secretKey: KEY,
        demo: true,
        tenants: [
          {
            name: 'contoso',
            domains: ['contoso.com'],
            graph: {
              tenantId: 'contoso.onmicrosoft.com',
              clientId: '11111111-2222-3333-4444-555555555555',
              clientSecret: 'secret',
            },
          },
        ],
      },
      {},
    );

    /** The warnings about contoso's certificate, valid from `notBefore` to `notAfter`, at NOW. */
    function about(notAfter: Date, notBefore = new Date('2030-01-01T00:00:00Z')): string[] {
      const certificate = {
        tenant: 'contoso',
        field: 'tenants[0].graph.clientCertificate',
        notBefore,
        notAfter,
      };
      return configWarnings(config, NOW, [certificate]).filter((w) => w.startsWith('tenants['));
    }

    it('warns within 30 days, naming the tenant, the date, the days left and what to do', () => {
      expect(about(new Date(NOW.getTime() + 12.5 * DAY))).toEqual([
        'tenants[0].graph.clientCertificate (tenant contoso): the certificate expires on 2031-05-22 21:00 UTC, in 12 days; from then on no password reaches Microsoft 365 (AUTH_FAILED, changes wait in the queue): upload a new certificate to the app registration in Entra ID (Certificates & secrets), then point clientCertificate.path at its PEM file (key and certificate) and restart the portal',
      ]);
      expect(about(new Date(NOW.getTime() + 30 * DAY))).toEqual([
        expect.stringContaining('expires on 2031-06-09 09:00 UTC, in 30 days;'),
      ]);
      expect(about(new Date(NOW.getTime() + DAY + 1))).toEqual([expect.stringContaining(', in 1 day;')]);
      // Its last second is still valid.
      expect(about(NOW)).toEqual([expect.stringContaining(', in less than a day;')]);
    });

    it('warns of an expired certificate, which no longer stops the portal, saying nothing reaches Microsoft 365', () => {
      expect(about(new Date(NOW.getTime() - 1000))).toEqual([
        'tenants[0].graph.clientCertificate (tenant contoso): the certificate expired on 2031-05-10 08:59 UTC; no password reaches Microsoft 365 until it is replaced (every token request fails with AUTH_FAILED; changes wait in the queue and go out once it is): upload a new certificate to the app registration in Entra ID (Certificates & secrets), then point clientCertificate.path at its PEM file (key and certificate) and restart the portal',
      ]);
    });

    it('warns of a certificate not valid yet, pointing at the clock', () => {
      const notBefore = new Date(NOW.getTime() + 1000);
      expect(about(new Date(NOW.getTime() + 400 * DAY), notBefore)).toEqual([
        "tenants[0].graph.clientCertificate (tenant contoso): the certificate is not valid until 2031-05-10 09:00 UTC; no password reaches Microsoft 365 until then (every token request fails with AUTH_FAILED; changes wait in the queue): check this server's clock, and the dates the certificate was made with",
      ]);
      // Its first second is valid.
      expect(about(new Date(NOW.getTime() + 400 * DAY), NOW)).toEqual([]);
    });

    it('says nothing of one with more than 30 days left, or of client secrets', () => {
      expect(about(new Date(NOW.getTime() + 30 * DAY + 1000))).toEqual([]);
      // Read from the config's tenants when not given: contoso has a client secret.
      expect(configWarnings(config, NOW).filter((w) => w.startsWith('tenants['))).toEqual([]);
    });
  });
});
