import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoftAuthenticator, type SoftAuthenticator } from '../../test-support/soft-authenticator.js';
import { findSessionUser } from '../accounts/portal-sessions.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import type { UserStatus } from '../store/database-schema.js';
import { openStore, type Store } from '../store/open-store.js';
import { findAccountSession, openAccountSession } from './account-sessions.js';
import { createPasskeys } from './create-passkeys.js';
import type { PasskeyService, PasskeySignInDoor } from './passkey-service.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
import type { SignedInPerson } from './security-info-service.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ORIGIN = 'https://passwords.contoso.example';
const DAY = 86_400_000;
const from = { clientIp: '198.51.100.7', userAgent: 'test' };
let store: Store;
let deps: RecoveryDeps;
let passkeys: PasskeyService;
let at: number;
let ann: SignedInPerson;
let annKey: SoftAuthenticator;

function service(publicUrl = ORIGIN, perAddress = 100): PasskeyService {
  const config = parseConfig(
    {
      publicUrl,
      secretKey: KEY,
      policy: { maxAgeDays: 90 },
      rateLimits: { perAddress: { max: perAddress } },
      // Passkeys here are registered on the password alone; their cooling-off is passkey-cooling-off.test.ts's.
      recovery: { newMethodCoolingOffHours: 0 },
    },
    {},
  );
  deps = createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date(at) });
  return createPasskeys({ config }, deps);
}

async function person(email: string, status: UserStatus = 'active'): Promise<SignedInPerson> {
  const id = await addUser(store.db, { email, password: null }, new Date(at));
  await store.db.updateTable('users').set({ status, password_changed_at: at }).where('id', '=', id).execute();
  return { id, email, display_name: null, isAdmin: false };
}

async function register(who: SignedInPerson, device: SoftAuthenticator): Promise<void> {
  const made = await passkeys.registrationOptions(who, `session-of-${who.id}`);
  if (made.status !== 'ok') throw new Error(made.code);
  const response = device.register(made.options);
  const added = await passkeys.register(
    who,
    { sessionToken: `session-of-${who.id}`, response, name: '' },
    from,
  );
  if (added.status !== 'ok') throw new Error(added.code);
}

/** The browser's answer to sign-in options asked for at `door` by the ceremony cookie `ceremony`. */
async function answer(
  device: SoftAuthenticator,
  door: PasskeySignInDoor,
  pendingToken: string | null = null,
) {
  const made = await passkeys.signInOptions({
    door,
    ceremony: 'ceremony',
    pendingToken,
    clientIp: from.clientIp,
  });
  if (made.status !== 'ok') throw new Error(made.code);
  return { ceremony: 'ceremony', response: device.assert(made.options), ...from };
}

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-passkeys-')), 'db.sqlite'));
  at = Date.parse('2026-03-02T09:00:00Z');
  passkeys = service();
  ann = await person('ann@contoso.example');
  annKey = createSoftAuthenticator({ origin: ORIGIN, rpId: 'passwords.contoso.example' });
  await register(ann, annKey);
});
afterEach(() => store.close());

describe('createPasskeys()', () => {
  it('offers passkeys only where the policy allows them and publicUrl names a host', () => {
    expect(passkeys.enabled).toBe(true);
    expect(service('http://127.0.0.1:8787').enabled).toBe(false);
    expect(service('http://[::1]:8787').enabled).toBe(false);
    expect(service('http://localhost:8787').enabled).toBe(true);
  });

  it('signs in to security info with a passkey alone, as fully as a password and a second factor', async () => {
    const signedIn = await passkeys.signInToAccount({
      ...(await answer(annKey, 'account')),
      pendingToken: null,
    });
    if (signedIn.status !== 'ok') throw new Error(signedIn.code);
    expect(signedIn.session.stage).toBe('account');
    const user = await findAccountSession(
      store.db,
      signedIn.session.token,
      'account',
      at,
      deps.config.recovery,
    );
    expect(user?.email).toBe('ann@contoso.example');
  });

  it("after a password, names that person's passkeys, accepts only theirs, and ends the pending step", async () => {
    const ben = await person('ben@contoso.example');
    const benKey = createSoftAuthenticator({ origin: ORIGIN, rpId: 'passwords.contoso.example' });
    await register(ben, benKey);
    const pending = await openAccountSession(
      store.db,
      { id: ann.id, credential_version: 0 },
      'account_pending',
      at,
      {
        sessionIdleMinutes: 10,
        sessionMaxMinutes: 60,
      },
    );
    const made = await passkeys.signInOptions({
      door: 'account',
      ceremony: 'ceremony',
      pendingToken: pending.token,
      clientIp: from.clientIp,
    });
    expect(made.status === 'ok' && made.options.allowCredentials).toEqual([
      { id: annKey.credentialId, type: 'public-key', transports: ['internal'] },
    ]);
    const wrongPerson = await passkeys.signInToAccount({
      ...(await answer(benKey, 'account', pending.token)),
      pendingToken: pending.token,
    });
    expect(wrongPerson).toEqual({ status: 'refused', code: 'PASSKEY_NOT_ACCEPTED' });
    const right = await passkeys.signInToAccount({
      ...(await answer(annKey, 'account', pending.token)),
      pendingToken: pending.token,
    });
    expect(right.status).toBe('ok');
    expect(
      await findAccountSession(store.db, pending.token, 'account_pending', at, deps.config.recovery),
    ).toBeNull();
  });

  it('refuses a suspended account, and one not activated, once the passkey proved who it is', async () => {
    for (const [status, code] of [
      ['suspended', 'ACCOUNT_SUSPENDED'],
      ['pending_activation', 'ACCOUNT_NOT_ACTIVATED'],
    ] as const) {
      await store.db.updateTable('users').set({ status }).where('id', '=', ann.id).execute();
      expect(
        await passkeys.signInToAccount({ ...(await answer(annKey, 'account')), pendingToken: null }),
      ).toEqual({ status: 'refused', code });
      expect(await passkeys.signInExpired(await answer(annKey, 'expired_sign_in'))).toEqual({
        status: 'refused',
        code,
      });
    }
  });

  it('opens the set-new-password step at /signin only for a password that has expired', async () => {
    expect(await passkeys.signInExpired(await answer(annKey, 'expired_sign_in'))).toEqual({
      status: 'ok',
      session: null,
    });
    // Past policy.maxAgeDays, before the scheduler marked it: expired all the same.
    at += 91 * DAY;
    const pastAge = await passkeys.signInExpired(await answer(annKey, 'expired_sign_in'));
    expect(pastAge.status === 'ok' && pastAge.session?.purpose).toBe('set_password');
    at -= 91 * DAY;
    await store.db.updateTable('users').set({ status: 'expired' }).where('id', '=', ann.id).execute();
    const expired = await passkeys.signInExpired(await answer(annKey, 'expired_sign_in'));
    if (expired.status !== 'ok' || expired.session === null) throw new Error('no session');
    expect((await findSessionUser(store.db, expired.session.token, at))?.user.id).toBe(ann.id);
  });

  it('does not spend a sign-in challenge of security info at /signin', async () => {
    const forAccount = await answer(annKey, 'account');
    expect(await passkeys.signInExpired(forAccount)).toEqual({
      status: 'refused',
      code: 'PASSKEY_CHALLENGE_EXPIRED',
    });
  });

  it('counts sign-in options per client address (IPv6 by /64)', async () => {
    passkeys = service(ORIGIN, 2);
    const ask = (clientIp: string) =>
      passkeys.signInOptions({ door: 'account', ceremony: 'c', pendingToken: null, clientIp });
    expect((await ask('2001:db8::1')).status).toBe('ok');
    expect((await ask('2001:db8::2')).status).toBe('ok');
    expect(await ask('2001:db8::3')).toEqual({ status: 'refused', code: 'RATE_LIMITED' });
    expect((await ask('2001:db8:1::1')).status).toBe('ok');
  });
});
