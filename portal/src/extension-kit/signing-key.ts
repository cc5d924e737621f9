import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { chromeExtensionId } from '@passgate/core/m365';
import { ExtensionKitError } from './extension-kit-error.js';

export interface SigningKey {
  privateKey: KeyObject;
  /** DER SubjectPublicKeyInfo: what the CRX carries and the extension id is hashed from. */
  spkiDer: Buffer;
  extensionId: string;
}

/** The committed development key (extension/test-fixtures): anyone can read it, so it must never sign a release. */
export const DEV_KEY_URL = new URL('../../../extension/test-fixtures/dev-key.pem', import.meta.url);

async function signingKeyFrom(privateKey: KeyObject): Promise<SigningKey> {
  const spkiDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { privateKey, spkiDer, extensionId: await chromeExtensionId(new Uint8Array(spkiDer)) };
}

/**
 * Creates the organisation's RSA 2048 signing key as PKCS#8 PEM, readable by its owner only (0600).
 * Refuses to overwrite: replacing the key changes the extension id, which orphans every installed copy.
 */
export async function createSigningKey(path: string): Promise<SigningKey> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  await mkdir(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ExtensionKitError(
        'KEY_EXISTS',
        `${resolve(path)} already exists; refusing to overwrite it (a new key means a new extension id and every installed copy is orphaned). Remove it yourself if you really mean to.`,
      );
    }
    throw error;
  }
  return signingKeyFrom(privateKey);
}

/**
 * Reads the organisation's key; refuses the development test key, anything but RSA ≥ 2048 bits, and a
 * file other accounts may use (anyone who can read it can sign an update every installed copy takes).
 */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch {
    throw new ExtensionKitError(
      'KEY_NOT_FOUND',
      `cannot read the signing key ${resolve(path)}; create one with: passgate extension keygen --out ${path}`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new ExtensionKitError('KEY_INVALID', `${resolve(path)} is not a PEM private key`);
  }
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (privateKey.asymmetricKeyType !== 'rsa' || bits < 2048) {
    throw new ExtensionKitError('KEY_INVALID', `${resolve(path)}: expected an RSA key of at least 2048 bits`);
  }
  const key = await signingKeyFrom(privateKey);
  if (await isDevKey(key.spkiDer)) {
    throw new ExtensionKitError(
      'KEY_IS_DEV_KEY',
      'this is the public development test key (extension/test-fixtures/dev-key.pem); anyone could sign an update with it. Create your own: passgate extension keygen',
    );
  }
  // After the dev-key check: that key is public whatever its mode, and chmod would not make it safe.
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ExtensionKitError(
      'KEY_READABLE_BY_OTHERS',
      `${resolve(path)} is open to other accounts (mode ${mode.toString(8)}): whoever reads it can sign an update every installed copy accepts; run chmod 600 on it as its owner`,
    );
  }
  return key;
}

async function isDevKey(spkiDer: Buffer): Promise<boolean> {
  let devPem: string;
  try {
    devPem = await readFile(DEV_KEY_URL, 'utf8');
  } catch {
    return false; // an installed portal without the repository has no dev key to confuse
  }
  return createPublicKey(devPem).export({ type: 'spki', format: 'der' }).equals(spkiDer);
}
