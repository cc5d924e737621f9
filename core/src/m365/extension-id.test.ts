import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chromeExtensionId, chromeExtensionIdFromManifestKey } from './extension-id.js';

describe('chromeExtensionId()', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const der = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));

  it('maps the first 32 hex digits of sha256(DER) to the letters a-p', async () => {
    const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
    const expected = [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
    expect(await chromeExtensionId(der)).toBe(expected);
    expect(expected).toMatch(/^[a-p]{32}$/);
  });

  it('gives the same id from a manifest key', async () => {
    const base64 = Buffer.from(der).toString('base64');
    expect(await chromeExtensionIdFromManifestKey(base64)).toBe(await chromeExtensionId(der));
  });
});
