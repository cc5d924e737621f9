import { createHash, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A `clientCertificate` as written in the config: the key and thumbprint inline, or one PEM file. */
export type ClientCertificateConfig = { privateKeyPem: string; thumbprintSha256: string } | { path: string };

/** What MSAL signs its client assertion with. */
export interface ClientCertificate {
  privateKey: string;
  thumbprintSha256: string;
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

function unreadable(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return "not readable by the portal's user";
    case 'EISDIR':
      return 'is a folder, expected a file';
    default:
      return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`;
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

/**
 * Loads and checks a client certificate; throws ClientCertificateError. The config schema calls this
 * so a bad one is refused when the config is loaded, not when the first token is asked for; the token
 * provider calls it again for what it signs with.
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
  const path = config.path;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ClientCertificateError('path', `cannot read ${path}: ${unreadable(error)}`);
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
  return { privateKey: keyPem, thumbprintSha256: createHash('sha256').update(cert.raw).digest('hex') };
}
