import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { openStore, type Store } from '../store/open-store.js';
import { generateRecoveryCodes } from './recovery-codes.js';
import { createRecoveryDeps } from './recovery-deps.js';
import { registrationStatus } from './registration.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
let store: Store;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-registration-')), 'db.sqlite'));
});
afterEach(() => store.close());

describe('registrationStatus()', () => {
  it('still asks for a factor the person registered after the policy stopped allowing its kind', async () => {
    const before = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});
    const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date());
    const ann = { id, email: 'ann@contoso.example', display_name: null };
    await generateRecoveryCodes(
      createRecoveryDeps({ db: store.db, config: before, mailSender: null, now: () => new Date() }),
      ann,
      null,
    );
    // The admin takes recovery codes out of the allowed methods: Ann's codes must still guard /account,
    // or her password alone would open security info.
    const after = parseConfig(
      {
        publicUrl: 'https://passwords.contoso.example',
        secretKey: KEY,
        recovery: { methods: ['personal_email', 'totp'] },
      },
      {},
    );
    const deps = createRecoveryDeps({ db: store.db, config: after, mailSender: null, now: () => new Date() });
    const status = await registrationStatus(deps, id);
    expect(status?.factors).toEqual(['recovery_codes']);
    expect(status?.standing.kinds).toEqual([]);
  });
});
