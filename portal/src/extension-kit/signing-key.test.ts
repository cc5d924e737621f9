import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExtensionKitError } from './extension-kit-error.js';
import { createSigningKey, loadSigningKey } from './signing-key.js';

describe('loadSigningKey()', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'passgate-signing-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the key createSigningKey wrote, which only its owner may read', async () => {
    const path = join(dir, 'org.pem');
    const created = await createSigningKey(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await loadSigningKey(path)).extensionId).toBe(created.extensionId);
  });

  it.each(['644', '640', '604', '620'])(
    'refuses a key file other accounts may use (mode %s), naming it and the chmod that fixes it',
    async (mode) => {
      const path = join(dir, 'org.pem');
      await createSigningKey(path);
      await chmod(path, Number.parseInt(mode, 8));
      const refused = await loadSigningKey(path).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ExtensionKitError);
      expect((refused as ExtensionKitError).code).toBe('KEY_READABLE_BY_OTHERS');
      const { message } = refused as ExtensionKitError;
      expect(message).toContain(path);
      expect(message).toContain(`mode ${mode}`);
      expect(message).toContain('chmod 600');
      expect(message).not.toContain('\n');
    },
  );
});
