import { expect, it } from 'vitest';
import { createSoftAuthenticator } from '../../test-support/soft-authenticator.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { openStore } from '../store/open-store.js';
import { createPasskeys } from './create-passkeys.js';
import { createRecoveryDeps } from './recovery-deps.js';
import type { SignedInPerson } from './security-info-service.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ORIGIN = 'https://passwords.contoso.example';
const from = { clientIp: '198.51.100.7', userAgent: 'test' };
const HOUR = 3_600_000;

// An intruder with only the password plants a passkey; the owner, told of it, has the password expired.
it('a passkey added on the password alone opens the expired-password door only after its cooling-off', async () => {
  const store = await openStore(':memory:');
  let clock = Date.parse('2026-03-02T09:00:00Z');
  const now = (): Date => new Date(clock);
  const config = parseConfig({ publicUrl: ORIGIN, secretKey: KEY }, {});
  expect(config.recovery.newMethodCoolingOffHours).toBe(24);
  const recovery = createRecoveryDeps({ db: store.db, config, mailSender: null, now });
  const passkeys = createPasskeys({ config }, recovery);
  const email = 'vic@contoso.example';
  const id = await addUser(store.db, { email, password: null }, now());
  await store.db.updateTable('users').set({ status: 'active' }).where('id', '=', id).execute();
  const who: SignedInPerson = { id, email, display_name: null, isAdmin: false };
  const device = createSoftAuthenticator({ origin: ORIGIN, rpId: 'passwords.contoso.example' });
  const made = await passkeys.registrationOptions(who, 'session-x');
  if (made.status !== 'ok') throw new Error(made.code);
  const registered = await passkeys.register(
    who,
    { sessionToken: 'session-x', response: device.register(made.options), name: '' },
    from,
  );
  expect(registered).toMatchObject({ status: 'ok' });
  await store.db.updateTable('users').set({ status: 'expired' }).where('id', '=', id).execute();

  const tryDoor = async (ceremony: string) => {
    const options = await passkeys.signInOptions({
      door: 'expired_sign_in',
      ceremony,
      pendingToken: null,
      clientIp: from.clientIp,
    });
    if (options.status !== 'ok') throw new Error(options.code);
    return passkeys.signInExpired({ ceremony, response: device.assert(options.options), ...from });
  };
  expect(await tryDoor('c1')).toMatchObject({ status: 'refused', code: 'PASSKEY_NOT_ACCEPTED' });
  clock += 24 * HOUR + 1;
  expect(await tryDoor('c2')).toMatchObject({ status: 'ok', session: { purpose: 'set_password' } });
  await store.close();
});
