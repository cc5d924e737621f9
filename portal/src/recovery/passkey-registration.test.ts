import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoftAuthenticator, type SoftAuthenticator } from '../../test-support/soft-authenticator.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { openStore, type Store } from '../store/open-store.js';
import { listMethods } from './list-methods.js';
import { MAX_PASSKEYS, passkeyRegistrationOptions, registerPasskey } from './passkey-registration.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
import type { RecoveryUser } from './recovery-user.js';
import { renamePasskey } from './rename-passkey.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ORIGIN = 'https://passwords.contoso.example';
const RP_ID = 'passwords.contoso.example';
const SESSION = 'ann-security-info-session-token';
let store: Store;
let deps: RecoveryDeps;
let at: number;
let ann: RecoveryUser;
let device: SoftAuthenticator;

function depsWith(methods?: string[]): RecoveryDeps {
  const config = parseConfig(
    {
      publicUrl: ORIGIN,
      secretKey: KEY,
      organisation: { name: 'Contoso' },
      ...(methods ? { recovery: { methods } } : {}),
    },
    {},
  );
  return createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date(at) });
}

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-passkey-reg-')), 'db.sqlite'));
  at = Date.parse('2026-03-02T09:00:00Z');
  deps = depsWith();
  const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
  ann = { id, email: 'ann@contoso.example', display_name: 'Ann Example' };
  device = createSoftAuthenticator({ origin: ORIGIN, rpId: RP_ID });
});
afterEach(() => store.close());

async function options(user = ann, session = SESSION): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const made = await passkeyRegistrationOptions(deps, user, session);
  if (made.status !== 'ok') throw new Error(`no options: ${made.code}`);
  return made.options;
}

describe('passkeyRegistrationOptions()', () => {
  it('asks for user verification and a discoverable credential, for this site, naming the person by an opaque handle', async () => {
    const made = await options();
    expect(made.rp).toEqual({ id: RP_ID, name: 'Contoso' });
    expect(made.authenticatorSelection).toMatchObject({
      residentKey: 'preferred',
      userVerification: 'required',
    });
    expect(made.attestation).toBe('none');
    expect(made.user.name).toBe('ann@contoso.example');
    expect(made.user.displayName).toBe('Ann Example');
    // The handle is the portal's random id, never the address.
    expect(Buffer.from(made.user.id, 'base64url').toString('utf8')).toBe(ann.id);
    expect(made.excludeCredentials).toEqual([]);
  });

  it("lists the person's passkeys to exclude, so a device that holds one does not make a second", async () => {
    await registerPasskey(
      deps,
      ann,
      { binding: SESSION, response: device.register(await options()), name: '' },
      null,
    );
    expect((await options()).excludeCredentials).toEqual([
      { id: device.credentialId, type: 'public-key', transports: ['internal'] },
    ]);
  });

  it('is refused when the policy does not allow passkeys', async () => {
    deps = depsWith(['totp', 'recovery_codes']);
    expect(await passkeyRegistrationOptions(deps, ann, SESSION)).toEqual({
      status: 'refused',
      code: 'METHOD_NOT_ALLOWED',
    });
  });
});

describe('registerPasskey()', () => {
  it('stores the public key only, under the name given, and audits the addition', async () => {
    const added = await registerPasskey(
      deps,
      ann,
      { binding: SESSION, response: device.register(await options()), name: '  Work\tlaptop ' },
      { clientIp: '198.51.100.7', userAgent: 'test' },
    );
    expect(added).toMatchObject({ status: 'ok', label: 'Work laptop' });
    const row = await store.db.selectFrom('recovery_methods').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'passkey', credential_id: device.credentialId, sign_count: 0 });
    expect(row.transports).toBe('["internal"]');
    expect(row.public_key?.length).toBeGreaterThan(60);
    const audit = await store.db
      .selectFrom('audit_events')
      .select(['event_type', 'body'])
      .where('event_type', '!=', 'user_create')
      .execute();
    expect(audit.map((a) => [a.event_type, JSON.parse(a.body).changes])).toEqual([
      ['user_recovery_method_added', [{ field: 'recoveryMethod', to: 'passkey' }]],
    ]);
    expect(JSON.stringify(audit)).not.toContain(device.privateKeyBase64);
  });

  it('names a passkey added without a name by its number', async () => {
    await registerPasskey(
      deps,
      ann,
      { binding: SESSION, response: device.register(await options()), name: '' },
      null,
    );
    const second = createSoftAuthenticator({ origin: ORIGIN, rpId: RP_ID });
    expect(
      await registerPasskey(
        deps,
        ann,
        { binding: SESSION, response: second.register(await options()), name: '' },
        null,
      ),
    ).toMatchObject({ status: 'ok', label: 'Passkey 2' });
  });

  it('names it in the wording of the page it is added on, when the page gives one', async () => {
    const added = await registerPasskey(
      deps,
      ann,
      {
        binding: SESSION,
        response: device.register(await options()),
        name: '  ',
        defaultName: (number) => `Clé d'accès ${number}`,
      },
      null,
    );
    expect(added).toMatchObject({ status: 'ok', label: "Clé d'accès 1" });
  });

  it('refuses an answer without user verification, or made for another origin or site', async () => {
    for (const how of [
      { userVerified: false },
      { origin: 'https://passwords.contoso.example.evil.example' },
      { rpId: 'evil.example' },
    ]) {
      const response = device.register(await options(), how);
      expect(await registerPasskey(deps, ann, { binding: SESSION, response, name: '' }, null)).toEqual({
        status: 'refused',
        code: 'PASSKEY_NOT_ACCEPTED',
      });
    }
    expect((await listMethods(store.db, ann.id)).methods).toEqual([]);
  });

  it('spends the challenge on the first answer: the same answer again is refused', async () => {
    const response = device.register(await options());
    expect(await registerPasskey(deps, ann, { binding: SESSION, response, name: '' }, null)).toMatchObject({
      status: 'ok',
    });
    expect(await registerPasskey(deps, ann, { binding: SESSION, response, name: '' }, null)).toEqual({
      status: 'refused',
      code: 'PASSKEY_CHALLENGE_EXPIRED',
    });
  });

  it('refuses an answer after five minutes, or to a challenge of another session or person', async () => {
    const late = device.register(await options());
    at += 5 * 60_000;
    expect(await registerPasskey(deps, ann, { binding: SESSION, response: late, name: '' }, null)).toEqual({
      status: 'refused',
      code: 'PASSKEY_CHALLENGE_EXPIRED',
    });
    const elsewhere = device.register(await options(ann, 'another-session-token'));
    expect(
      await registerPasskey(deps, ann, { binding: SESSION, response: elsewhere, name: '' }, null),
    ).toEqual({
      status: 'refused',
      code: 'PASSKEY_CHALLENGE_EXPIRED',
    });
    const benId = await addUser(store.db, { email: 'ben@contoso.example', password: null }, new Date(at));
    const ben = { id: benId, email: 'ben@contoso.example', display_name: null };
    const forAnn = device.register(await options(ann, SESSION));
    expect(await registerPasskey(deps, ben, { binding: SESSION, response: forAnn, name: '' }, null)).toEqual({
      status: 'refused',
      code: 'PASSKEY_CHALLENGE_EXPIRED',
    });
  });

  it('refuses a credential registered already, to anyone', async () => {
    await registerPasskey(
      deps,
      ann,
      { binding: SESSION, response: device.register(await options()), name: '' },
      null,
    );
    const benId = await addUser(store.db, { email: 'ben@contoso.example', password: null }, new Date(at));
    const ben = { id: benId, email: 'ben@contoso.example', display_name: null };
    const again = device.register(await options(ben, 'ben-session-token'));
    expect(
      await registerPasskey(deps, ben, { binding: 'ben-session-token', response: again, name: '' }, null),
    ).toEqual({ status: 'refused', code: 'PASSKEY_ALREADY_REGISTERED' });
  });

  it(`keeps at most ${MAX_PASSKEYS} passkeys per person`, async () => {
    for (let i = 0; i < MAX_PASSKEYS; i++) {
      const each = createSoftAuthenticator({ origin: ORIGIN, rpId: RP_ID });
      await registerPasskey(
        deps,
        ann,
        { binding: SESSION, response: each.register(await options()), name: '' },
        null,
      );
    }
    expect(await passkeyRegistrationOptions(deps, ann, SESSION)).toEqual({
      status: 'refused',
      code: 'PASSKEY_LIMIT_REACHED',
    });
  });
});

describe('renamePasskey()', () => {
  it("renames the person's own passkey, and nobody else's", async () => {
    const added = await registerPasskey(
      deps,
      ann,
      { binding: SESSION, response: device.register(await options()), name: 'Old' },
      null,
    );
    if (added.status !== 'ok') throw new Error('not added');
    expect(await renamePasskey(deps, ann, added.methodId, 'YubiKey 5 ')).toEqual({
      status: 'ok',
      label: 'YubiKey 5',
    });
    const ben = { id: 'someone-else', email: 'ben@contoso.example', display_name: null };
    expect(await renamePasskey(deps, ben, added.methodId, 'Mine now')).toEqual({
      status: 'refused',
      code: 'METHOD_NOT_FOUND',
    });
    expect(await renamePasskey(deps, ann, added.methodId, '   ')).toEqual({
      status: 'refused',
      code: 'METHOD_NOT_FOUND',
    });
    expect((await listMethods(store.db, ann.id)).methods.map((m) => m.label)).toEqual(['YubiKey 5']);
  });
});
