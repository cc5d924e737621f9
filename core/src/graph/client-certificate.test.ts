import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ClientCertificateError,
  clientCertificateValidity,
  loadClientCertificate,
} from './client-certificate.js';

// A certificate and a key that are not its pair. Matching pairs with chosen dates are made below
// (certificatePair); test/integration/config-certificates.test.ts loads selfsigned's through the config.
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const KEY_PEM = KEY.export({ type: 'pkcs8', format: 'pem' }) as string;
const KEY_BODY = KEY_PEM.split('\n')[5] ?? '';
const CERT_PEM = rootCertificates[0] ?? '';
const THUMB = 'A'.repeat(64);
const dir = mkdtempSync(join(tmpdir(), 'passgate-client-certificate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The error loadClientCertificate throws, with its field and words. */
function refusal(config: Parameters<typeof loadClientCertificate>[0]): ClientCertificateError {
  try {
    loadClientCertificate(config);
  } catch (error) {
    if (error instanceof ClientCertificateError) return error;
    throw error;
  }
  throw new Error('expected a ClientCertificateError');
}

/** One DER element: tag, length (short or long form), contents. */
function der(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const ECDSA_SHA256 = der(0x30, der(0x06, Buffer.from('2a8648ce3d040302', 'hex')));
const NAME = der(
  0x30,
  der(0x31, der(0x30, der(0x06, Buffer.from('550403', 'hex')), der(0x0c, Buffer.from('t')))),
);

/** GeneralizedTime, which OpenSSL reads for any year (RFC 5280 asks UTCTime before 2050). */
function time(date: Date): Buffer {
  return der(0x18, Buffer.from(date.toISOString().replace(/[-:T]|\.\d+/g, '')));
}

/**
 * A self-signed certificate valid from `notBefore` to `notAfter`, and its key (P-256): an X.509 v1 body
 * (serial, algorithm, issuer, dates, subject, key; RFC 5280 §4.1) signed by hand, since Node can read
 * certificates but not make them. The dates are the test's own, never the real day's.
 */
function certificatePair(notBefore: Date, notAfter: Date): { keyPem: string; certPem: string; der: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tbs = der(
    0x30,
    der(0x02, Buffer.from([1])),
    ECDSA_SHA256,
    NAME,
    der(0x30, time(notBefore), time(notAfter)),
    NAME,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const cert = der(0x30, tbs, ECDSA_SHA256, der(0x03, Buffer.from([0]), sign('sha256', tbs, privateKey)));
  const lines = cert.toString('base64').match(/.{1,64}/g) ?? [];
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certPem: `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`,
    der: cert,
  };
}

/** A certificate pair with the test's own dates (never the real day's), written to a file. */
function datedFile(
  name: string,
  notBefore: Date,
  notAfter: Date,
): ReturnType<typeof certificatePair> & { path: string } {
  const pair = certificatePair(notBefore, notAfter);
  return { ...pair, path: file(name, `${pair.keyPem}\n${pair.certPem}`) };
}

const EXPIRED = datedFile('expired.pem', new Date('2001-01-01T00:00:00Z'), new Date('2002-02-03T04:05:06Z'));
const NOT_YET_VALID = datedFile(
  'future.pem',
  new Date('2190-01-01T00:00:00Z'),
  new Date('2200-01-01T00:00:00Z'),
);

/** A line in the middle of a PEM block lost: still PEM in shape, no longer readable. */
function damaged(pem: string): string {
  const lines = pem.split('\n');
  lines.splice(3, 1);
  return lines.join('\n');
}

describe('loadClientCertificate()', () => {
  it('takes an inline key as given and the thumbprint in lower case', () => {
    expect(loadClientCertificate({ privateKeyPem: KEY_PEM, thumbprintSha256: THUMB })).toEqual({
      privateKey: KEY_PEM,
      thumbprintSha256: 'a'.repeat(64),
    });
  });

  it('refuses an inline key that is no PEM key, or one that cannot be read, without quoting it', () => {
    expect(refusal({ privateKeyPem: 'k', thumbprintSha256: THUMB })).toMatchObject({
      field: 'privateKeyPem',
      reason: 'expected a PEM private key (-----BEGIN PRIVATE KEY-----)',
    });
    const error = refusal({ privateKeyPem: damaged(KEY_PEM), thumbprintSha256: THUMB });
    expect(error.field).toBe('privateKeyPem');
    expect(error.message).toBe(
      'clientCertificate.privateKeyPem: expected an unencrypted PEM private key that can be read: a line is missing or changed',
    );
  });

  it('refuses a file that is missing, or a folder, naming the path', () => {
    const missing = join(dir, 'missing.pem');
    expect(refusal({ path: missing })).toMatchObject({
      field: 'path',
      reason: `cannot read ${missing}: no such file`,
    });
    expect(refusal({ path: dir }).reason).toBe(`cannot read ${dir}: is a folder, expected a file`);
  });

  it('refuses a file without both a key and a certificate', () => {
    for (const text of [KEY_PEM, CERT_PEM, 'hello']) {
      const path = file('half.pem', text);
      expect(refusal({ path }).reason).toBe(
        `expected ${path} to be a PEM file holding both the private key and the certificate`,
      );
    }
  });

  it('says so of an encrypted key, which MSAL cannot use', () => {
    const encrypted = KEY.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'Passphrase-Not-Given',
    }) as string;
    const path = file('encrypted.pem', `${encrypted}\n${CERT_PEM}`);
    expect(refusal({ path }).reason).toMatch(new RegExp(`^the private key in ${path} is encrypted: `));
  });

  it('refuses a damaged key or certificate, never quoting the key', () => {
    const badKey = file('bad-key.pem', `${damaged(KEY_PEM)}\n${CERT_PEM}`);
    const keyError = refusal({ path: badKey });
    expect(keyError.reason).toBe(`the private key in ${badKey} cannot be read: a line is missing or changed`);
    const badCert = file('bad-cert.pem', `${KEY_PEM}\n${damaged(CERT_PEM)}`);
    expect(refusal({ path: badCert }).reason).toBe(
      `the certificate in ${badCert} cannot be read: a line is missing or changed`,
    );
    for (const error of [keyError, refusal({ path: badCert })]) expect(error.message).not.toContain(KEY_BODY);
  });

  it('refuses a key that is not the certificate’s own', () => {
    const path = file('mismatch.pem', `${KEY_PEM}\n${CERT_PEM}`);
    const error = refusal({ path });
    expect(error.message).toBe(
      `clientCertificate.path: the private key in ${path} does not belong to its certificate: expected the key and certificate of one pair`,
    );
    expect(error.message).not.toContain(KEY_BODY);
  });

  it('loads a certificate whatever its dates: the portal warns of one expired, it does not stop', () => {
    for (const pair of [EXPIRED, NOT_YET_VALID]) {
      expect(loadClientCertificate({ path: pair.path })).toEqual({
        privateKey: pair.keyPem.trim(),
        thumbprintSha256: createHash('sha256').update(pair.der).digest('hex'),
      });
    }
  });
});

describe('clientCertificateValidity()', () => {
  it('reads when the certificate in a file is valid, to the second', () => {
    expect(clientCertificateValidity({ path: EXPIRED.path })).toEqual({
      notBefore: new Date('2001-01-01T00:00:00Z'),
      notAfter: new Date('2002-02-03T04:05:06Z'),
    });
    expect(clientCertificateValidity({ path: NOT_YET_VALID.path })).toEqual({
      notBefore: new Date('2190-01-01T00:00:00Z'),
      notAfter: new Date('2200-01-01T00:00:00Z'),
    });
  });

  it('refuses a file loadClientCertificate refuses, with the same words', () => {
    const missing = join(dir, 'missing.pem');
    expect(() => clientCertificateValidity({ path: missing })).toThrow(
      new ClientCertificateError('path', `cannot read ${missing}: no such file`),
    );
    const mismatch = file('dated-mismatch.pem', `${KEY_PEM}\n${EXPIRED.certPem}`);
    expect(() => clientCertificateValidity({ path: mismatch })).toThrow(
      /^clientCertificate\.path: the private key in .* does not belong to its certificate: /,
    );
  });
});
