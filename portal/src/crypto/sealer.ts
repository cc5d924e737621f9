import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealer {
  /** Encrypts `plaintext`, bound to `context` (e.g. the job and user ids): a payload moved to another row fails to open. */
  seal(plaintext: string, context: string): Buffer;
  /** Decrypts; throws if the payload was altered, sealed under another key, or for another context. */
  open(sealed: Uint8Array, context: string): string;
}

/**
 * AES-256-GCM with a key derived from the portal's secret key by HKDF-SHA256 and bound to one purpose,
 * so the same secret can also sign cookies without the two uses ever sharing a key.
 * Layout: version (1 byte) | nonce (12) | ciphertext | tag (16). Nonces are random: at 2^32 seals per
 * key the collision risk stays negligible, far beyond any portal's lifetime.
 */
export function createSealer(secretKey: Buffer, purpose: string): Sealer {
  if (secretKey.length !== 32) throw new Error('createSealer: the secret key must be 32 bytes');
  const key = Buffer.from(
    hkdfSync('sha256', secretKey, Buffer.alloc(0), `passgate/seal/v${VERSION}/${purpose}`, 32),
  );
  return {
    seal(plaintext: string, context: string): Buffer {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]);
    },
    open(sealed: Uint8Array, context: string): string {
      const data = Buffer.from(sealed);
      if (data.length < 1 + NONCE_BYTES + TAG_BYTES || data[0] !== VERSION)
        throw new Error('sealed payload: unknown format');
      const nonce = data.subarray(1, 1 + NONCE_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(data.subarray(1 + NONCE_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
