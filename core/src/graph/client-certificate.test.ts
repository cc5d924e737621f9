import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientCertificateError, loadClientCertificate } from './client-certificate.js';

// A certificate and a key that are not its pair: Node has no way to make a certificate, and the
// matching pair is loaded in test/integration/config-certificates.test.ts (made with selfsigned).
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
});
