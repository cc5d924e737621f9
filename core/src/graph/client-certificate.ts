import { createHash, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeReadError } from '../files/file-error-words.js';

/** A `clientCertificate` as written in the config: the key and thumbprint inline, or one PEM file. */
export type ClientCertificateConfig = { privateKeyPem: string; thumbprintSha256: string } | { path: string };

/** What MSAL signs its client assertion with. */
export interface ClientCertificate {
  privateKey: string;
  thumbprintSha256: string;
}

/** When a certificate may be used: Entra ID refuses an assertion signed outside these dates. */
export interface ClientCertificateValidity {
  notBefore: Date;
  notAfter: Date;
}

const PRIVATE_KEY = /-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (RSA |EC )?PRIVATE KEY-----/;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * A certificate that cannot be used, naming the field (`path` or `privateKeyPem`) and what to fix.
 * The message never holds the key: only the file's path, which is not secret.
 */
export class ClientCertificateError extends Error {
  override readonly name = 'ClientCertificateError';
  readonly field: 'path' | 'privateKeyPem';
  readonly reason: string;

  constructor(field: 'path' | 'privateKeyPem', reason: string) {
    super(`clientCertificate.${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** OpenSSL's own reasons are left out: they say nothing an admin can act on, and never quote the key. */
function privateKey(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}

function certificate(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/** The key and certificate in a PEM file, checked to be one pair; throws ClientCertificateError. */
function readCertificateFile(path: string): { keyPem: string; cert: X509Certificate } {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ClientCertificateError('path', `cannot read ${path}: ${describeReadError(error)}`);
  }
  const keyPem = pem.match(PRIVATE_KEY)?.[0];
  const certPem = pem.match(CERTIFICATE)?.[0];
  if (keyPem === undefined && pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----'))
    throw new ClientCertificateError(
      'path',
      `the private key in ${path} is encrypted: expected it unencrypted (openssl pkey -in <file> -out <new file>), the file readable by the portal's user only`,
    );
  if (keyPem === undefined || certPem === undefined)
    throw new ClientCertificateError(
      'path',
      `expected ${path} to be a PEM file holding both the private key and the certificate`,
    );
  const key = privateKey(keyPem);
  if (key === undefined)
    throw new ClientCertificateError(
      'path',
      `the private key in ${path} cannot be read: a line is missing or changed`,
    );
  const cert = certificate(certPem);
  if (cert === undefined)
    throw new ClientCertificateError(
      'path',
      `the certificate in ${path} cannot be read: a line is missing or changed`,
    );
  // The thumbprint sent is the certificate's: a key from another pair would be refused by Microsoft at
  // every token request (AUTH_FAILED), long after the start.
  if (!cert.checkPrivateKey(key))
    throw new ClientCertificateError(
      'path',
      `the private key in ${path} does not belong to its certificate: expected the key and certificate of one pair`,
    );
  return { keyPem, cert };
}

/**
 * Loads and checks a client certificate; throws ClientCertificateError. The config schema calls this
 * so a bad one is refused when the config is loaded, not when the first token is asked for; the token
 * provider calls it again for what it signs with.
 *
 * Its dates are not checked against the clock. A certificate that expired (or is not valid yet) still
 * loads: refused here, it would take the whole portal down at the next restart, every tenant and every
 * CLI command, whereas served, the portal keeps working and accepted changes wait in the queue
 * (AUTH_FAILED) until the certificate is replaced. The portal warns instead (clientCertificateValidity).
 */
export function loadClientCertificate(config: ClientCertificateConfig): ClientCertificate {
  if ('privateKeyPem' in config) {
    if (!PRIVATE_KEY.test(config.privateKeyPem))
      throw new ClientCertificateError(
        'privateKeyPem',
        'expected a PEM private key (-----BEGIN PRIVATE KEY-----)',
      );
    if (privateKey(config.privateKeyPem) === undefined)
      throw new ClientCertificateError(
        'privateKeyPem',
        'expected an unencrypted PEM private key that can be read: a line is missing or changed',
      );
    return { privateKey: config.privateKeyPem, thumbprintSha256: config.thumbprintSha256.toLowerCase() };
  }
  const { keyPem, cert } = readCertificateFile(config.path);
  return { privateKey: keyPem, thumbprintSha256: createHash('sha256').update(cert.raw).digest('hex') };
}

/**
 * When the certificate in a `clientCertificate.path` file is valid, read and checked as
 * loadClientCertificate does (throws ClientCertificateError), so that the portal can warn before and
 * after those dates. A key given inline comes without its certificate, and so without dates.
 */
export function clientCertificateValidity(config: { path: string }): ClientCertificateValidity {
  const { cert } = readCertificateFile(config.path);
  return { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
}
