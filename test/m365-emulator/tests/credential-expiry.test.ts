import { createHash, createSign, randomUUID, X509Certificate } from 'node:crypto';
import { createM365Client, type M365ClientConfig } from '@passgate/core/graph';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { ALL_PERMISSIONS, rejectionOf } from './fixture.js';
import { form, type RawResponse, rawHttps } from './raw-https.js';

const DAY = 86_400_000;

interface TestCertificate {
  privateKeyPem: string;
  certificatePem: string;
  /** base64url, as the assertion's x5t#S256 header carries it. */
  x5tS256: string;
  thumbprintSha256: string;
}

async function makeCertificate(
  notAfter: Date,
  notBefore = new Date('2001-01-01T00:00:00Z'),
): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'passgate-app' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
  });
  const digest = createHash('sha256').update(new X509Certificate(pems.cert).raw).digest();
  return {
    privateKeyPem: pems.private,
    certificatePem: pems.cert,
    x5tS256: digest.toString('base64url'),
    thumbprintSha256: digest.toString('hex'),
  };
}

/** A client assertion as MSAL signs it: RS256, x5t#S256, iss = sub = client id, aud = the token endpoint. */
function clientAssertion(cert: TestCertificate, clientId: string, audience: string): string {
  const now = Math.floor(Date.now() / 1000);
  const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${segment({ alg: 'RS256', typ: 'JWT', 'x5t#S256': cert.x5tS256 })}.${segment({
    aud: audience,
    iss: clientId,
    sub: clientId,
    jti: randomUUID(),
    nbf: now,
    exp: now + 600,
  })}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(cert.privateKeyPem).toString('base64url')}`;
}

describe('app credentials outside their dates at the token endpoint', () => {
  let emulator: M365Emulator;
  let tenantId: string;

  function tokenEndpoint(): string {
    return `${emulator.origin}/${tenantId}/oauth2/v2.0/token`;
  }
  function tokenRequest(values: Record<string, string>): Promise<RawResponse> {
    return rawHttps('POST', tokenEndpoint(), emulator.caCertificatePem, form(values));
  }
  function secretRequest(clientId: string, clientSecret: string): Promise<RawResponse> {
    return tokenRequest({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${emulator.origin}/.default`,
    });
  }
  function certificateRequest(clientId: string, cert: TestCertificate): Promise<RawResponse> {
    return tokenRequest({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion(cert, clientId, tokenEndpoint()),
      scope: `${emulator.origin}/.default`,
    });
  }
  function clientConfig(clientId: string): Omit<M365ClientConfig, 'clientSecret'> {
    return { tenantId, clientId, cloud: emulator.cloud, caCertificates: emulator.caCertificatePem };
  }
  /** Entra's error shape for a refused client credential, with this AADSTS code. */
  function refusal(aadsts: number, description: RegExp) {
    return {
      status: 401,
      json: {
        error: 'invalid_client',
        error_description: expect.stringMatching(description),
        error_codes: [aadsts],
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
        trace_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    };
  }

  /** An app registration whose key credential is `cert`; its client id. */
  function certificateApp(cert: TestCertificate): string {
    return emulator.addApp(tenantId, { certificatePem: cert.certificatePem, permissions: ALL_PERMISSIONS })
      .clientId;
  }
  /** Entra's refusal of a key outside its dates, with the dates it found: one reason for before and after. */
  function keyOutsideItsDates(cert: TestCertificate, found: string) {
    return refusal(
      700027,
      new RegExp(
        `^AADSTS700027: .*\\[Reason - The key used is expired\\., Thumbprint of key used by client: '${cert.x5tS256}', Found key '${found}'\\].*Trace ID: `,
      ),
    );
  }

  beforeAll(async () => {
    emulator = await startM365Emulator();
    ({ id: tenantId } = emulator.addTenant({ name: 'Contoso', domains: [{ name: 'contoso.example' }] }));
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('refuses a client secret past its end date with invalid_client and AADSTS7000222', async () => {
    const { clientId, clientSecret } = emulator.addApp(tenantId, {
      permissions: ALL_PERMISSIONS,
      clientSecretEndDateTime: '2002-02-03T04:05:06Z',
    });
    const response = await secretRequest(clientId, clientSecret ?? '');
    expect(response).toMatchObject(
      refusal(
        7000222,
        new RegExp(
          `^AADSTS7000222: The provided client secret keys for app '${clientId}' are expired\\. .*Trace ID: .*Correlation ID: .*Timestamp: `,
        ),
      ),
    );
    // A wrong secret is still a wrong secret, whatever the registered one's dates.
    expect((await secretRequest(clientId, 'not-the-secret')).json).toMatchObject({ error_codes: [7000215] });
  });

  it("judges a secret's end date by the emulator's clock", async () => {
    const { clientId, clientSecret } = emulator.addApp(tenantId, {
      permissions: ALL_PERMISSIONS,
      clientSecretEndDateTime: new Date(Date.now() + DAY).toISOString(),
    });
    expect((await secretRequest(clientId, clientSecret ?? '')).status).toBe(200);
    emulator.advanceClock(2 * DAY);
    try {
      expect((await secretRequest(clientId, clientSecret ?? '')).json).toMatchObject({
        error_codes: [7000222],
      });
    } finally {
      emulator.advanceClock(-2 * DAY);
    }
  });

  it('keeps a secret with no end date good (the default: nothing changes for existing tests)', async () => {
    const { clientId, clientSecret } = emulator.addApp(tenantId, { permissions: ALL_PERMISSIONS });
    emulator.advanceClock(3650 * DAY);
    try {
      expect((await secretRequest(clientId, clientSecret ?? '')).status).toBe(200);
    } finally {
      emulator.advanceClock(-3650 * DAY);
    }
  });

  it("refuses a certificate past its notAfter (the keyCredential's endDateTime) with AADSTS700027", async () => {
    const cert = await makeCertificate(new Date('2002-02-03T04:05:06Z'));
    const clientId = certificateApp(cert);
    expect(await certificateRequest(clientId, cert)).toMatchObject(
      keyOutsideItsDates(cert, 'Start=2001-01-01, End=2002-02-03'),
    );
  });

  it("judges a certificate's end date by the emulator's clock", async () => {
    const cert = await makeCertificate(new Date(Date.now() + DAY));
    const clientId = certificateApp(cert);
    expect((await certificateRequest(clientId, cert)).status).toBe(200);
    // The assertion is still signed on the client's real clock; only the emulator's moves on.
    emulator.advanceClock(2 * DAY);
    try {
      expect((await certificateRequest(clientId, cert)).json).toMatchObject({ error_codes: [700027] });
    } finally {
      emulator.advanceClock(-2 * DAY);
    }
  });

  it("refuses a certificate before its notBefore (the keyCredential's startDateTime) with AADSTS700027", async () => {
    const cert = await makeCertificate(new Date('2200-01-01T00:00:00Z'), new Date('2190-01-01T00:00:00Z'));
    const clientId = certificateApp(cert);
    // Entra's words for a key not valid yet are those for one past its end (Azure/azure-powershell#9049).
    expect(await certificateRequest(clientId, cert)).toMatchObject(
      keyOutsideItsDates(cert, 'Start=2190-01-01, End=2200-01-01'),
    );
  });

  it("judges a certificate's start date by the emulator's clock", async () => {
    const cert = await makeCertificate(new Date('2200-01-01T00:00:00Z'), new Date(Date.now() + DAY));
    const clientId = certificateApp(cert);
    expect((await certificateRequest(clientId, cert)).json).toMatchObject({ error_codes: [700027] });
    emulator.advanceClock(2 * DAY);
    try {
      expect((await certificateRequest(clientId, cert)).status).toBe(200);
    } finally {
      emulator.advanceClock(-2 * DAY);
    }
  });

  it("is AUTH_FAILED to the portal's Graph client, for an expired secret and an expired certificate", async () => {
    const secretApp = emulator.addApp(tenantId, {
      permissions: ALL_PERMISSIONS,
      clientSecretEndDateTime: '2002-02-03T04:05:06Z',
    });
    const cert = await makeCertificate(new Date('2002-02-03T04:05:06Z'));
    const certApp = emulator.addApp(tenantId, {
      certificatePem: cert.certificatePem,
      permissions: ALL_PERMISSIONS,
    });
    const clients = [
      [
        createM365Client({ ...clientConfig(secretApp.clientId), clientSecret: secretApp.clientSecret ?? '' }),
        'AADSTS7000222',
      ],
      [
        createM365Client({
          ...clientConfig(certApp.clientId),
          clientCertificate: { privateKeyPem: cert.privateKeyPem, thumbprintSha256: cert.thumbprintSha256 },
        }),
        'AADSTS700027',
      ],
    ] as const;
    for (const [client, graphCode] of clients) {
      try {
        expect(await rejectionOf(client.checkAccess())).toMatchObject({ code: 'AUTH_FAILED', graphCode });
      } finally {
        await client.close();
      }
    }
  });
});
