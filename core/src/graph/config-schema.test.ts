import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { m365ClientConfigSchema, parseM365ClientConfig } from './config-schema.js';
import { createM365Client } from './create-m365-client.js';

const TENANT = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const CLIENT = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const THUMB = 'a'.repeat(64);
const KEY_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

describe('m365ClientConfigSchema', () => {
  it('accepts a secret config and fills in the global cloud and a 10 s timeout', () => {
    const parsed = m365ClientConfigSchema.parse({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 's3cret',
    });
    expect(parsed).toMatchObject({ cloud: 'global', timeoutMs: 10_000 });
  });

  it.each(['global', 'usgov-high', 'usgov-dod', 'china'])('accepts the %s cloud', (cloud) => {
    expect(
      m365ClientConfigSchema.safeParse({ tenantId: TENANT, clientId: CLIENT, clientSecret: 'x', cloud })
        .success,
    ).toBe(true);
  });

  it('accepts a custom cloud of two https origins and a verified-domain tenant', () => {
    const config = {
      tenantId: 'contoso.onmicrosoft.com',
      clientId: CLIENT,
      clientCertificate: {
        privateKeyPem: KEY_PEM,
        thumbprintSha256: THUMB,
      },
      cloud: { authorityHost: 'https://127.0.0.1:8443', graphBaseUrl: 'https://localhost:8443' },
    };
    expect(m365ClientConfigSchema.safeParse(config).success).toBe(true);
  });
});

describe('parseM365ClientConfig()', () => {
  it('normalises a custom cloud origin written with a trailing slash', () => {
    const parsed = parseM365ClientConfig({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'x',
      cloud: { authorityHost: 'https://login.example/', graphBaseUrl: 'https://GRAPH.example:8443/' },
    });
    expect(parsed.cloud).toEqual({
      authorityHost: 'https://login.example',
      graphBaseUrl: 'https://graph.example:8443',
    });
  });

  it.each([
    [
      { tenantId: TENANT, clientId: CLIENT },
      'clientSecret: expected exactly one of clientSecret or clientCertificate',
    ],
    [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: 'x', clientCertificate: { path: '/k.pem' } },
      'clientCertificate: expected exactly one',
    ],
    [
      { tenantId: 'not a tenant', clientId: CLIENT, clientSecret: 'x' },
      'tenantId: expected the directory (tenant) ID',
    ],
    [
      { tenantId: TENANT, clientId: 'app', clientSecret: 'x' },
      'clientId: expected the application (client) ID',
    ],
    [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: 'x', cloud: 'mars' },
      'cloud: expected one of global',
    ],
    [
      {
        tenantId: TENANT,
        clientId: CLIENT,
        clientSecret: 'x',
        cloud: { authorityHost: 'https://login.example/tenant', graphBaseUrl: 'https://g.example' },
      },
      'cloud.authorityHost: expected an https origin without a path',
    ],
    [
      {
        tenantId: TENANT,
        clientId: CLIENT,
        clientSecret: 'x',
        cloud: { authorityHost: 'http://login.example', graphBaseUrl: 'https://g.example' },
      },
      'cloud.authorityHost',
    ],
    [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: 'x', proxyUrl: 'socks5://p:1080' },
      'proxyUrl: expected an http',
    ],
    [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: 'x', caCertificates: 'hello' },
      'caCertificates: expected one or more PEM',
    ],
    [{ tenantId: TENANT, clientId: CLIENT, clientSecret: 'x', timeoutMs: 5 }, 'timeoutMs'],
    [
      {
        tenantId: TENANT,
        clientId: CLIENT,
        clientCertificate: { privateKeyPem: 'k', thumbprintSha256: THUMB },
      },
      'clientCertificate',
    ],
    [
      {
        tenantId: TENANT,
        clientId: CLIENT,
        clientCertificate: {
          privateKeyPem: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
          thumbprintSha256: THUMB,
        },
      },
      'clientCertificate.privateKeyPem: expected an unencrypted PEM private key that can be read',
    ],
    [
      { tenantId: TENANT, clientId: CLIENT, clientCertificate: { path: '/nonexistent/app.pem' } },
      'clientCertificate.path: cannot read /nonexistent/app.pem: no such file',
    ],
    [{ tenantId: TENANT, clientId: CLIENT, clientSecret: 'x', extra: 1 }, 'extra'],
  ])('names the bad field (%#)', (config, expected) => {
    expect(() => parseM365ClientConfig(config)).toThrow(expected);
  });

  it('never echoes the secret in its message', () => {
    const secret = 'Very-Secret-Value-123';
    expect(() =>
      parseM365ClientConfig({ tenantId: 'bad', clientId: CLIENT, clientSecret: secret, timeoutMs: 'x' }),
    ).toThrow(/^(?!.*Very-Secret-Value-123).*$/s);
  });
});

describe('createM365Client()', () => {
  it('throws at construction on a bad config, naming the field', () => {
    expect(() => createM365Client({ tenantId: TENANT, clientId: CLIENT, clientSecret: '' })).toThrow(
      /clientSecret/,
    );
  });

  it('throws at construction when the certificate file cannot be read', () => {
    expect(() =>
      createM365Client({
        tenantId: TENANT,
        clientId: CLIENT,
        clientCertificate: { path: '/nonexistent/app.pem' },
      }),
    ).toThrow(/clientCertificate\.path: cannot read/);
  });
});
