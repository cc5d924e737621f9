import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromeExtensionId } from '@passgate/core/m365';

/** The Chrome id of the development build, pinned by the test key's public half. */
export function devExtensionId(): Promise<string> {
  const pem = readFileSync(new URL('../../../extension/test-fixtures/dev-key.pem', import.meta.url), 'utf8');
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return chromeExtensionId(new Uint8Array(der));
}
