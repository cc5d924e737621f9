import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoftAuthenticator, type SoftAuthenticator } from '../../test-support/soft-authenticator.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { openStore, type Store } from '../store/open-store.js';
import { passkeyAssertionOptions, verifyPasskeyAssertion } from './passkey-assertion.js';
import type { PasskeyPurpose } from './passkey-challenges.js';
import { passkeyRegistrationOptions, registerPasskey } from './passkey-registration.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
import type { RecoveryUser } from './recovery-user.js';
import { removeMethod } from './remove-method.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ORIGIN = 'https://passwords.contoso.example';
const RP_ID = 'passwords.contoso.example';
const CEREMONY = 'ceremony-cookie-token-of-this-browser';
let store: Store;
let deps: RecoveryDeps;
let at: number;
let ann: RecoveryUser;
let annKey: SoftAuthenticator;
let annPasskey: string;

async function addPasskey(user: RecoveryUser, device: SoftAuthenticator, name: string): Promise<string> {
  const made = await passkeyRegistrationOptions(deps, user, 'session');
  if (made.status !== 'ok') throw new Error(made.code);
  const added = await registerPasskey(
    deps,
    user,
    { binding: 'session', response: device.register(made.options), name },
    null,
  );
  if (added.status !== 'ok') throw new Error(added.code);
  return added.methodId;
}

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-passkey-use-')), 'db.sqlite'));
  at = Date.parse('2026-03-02T09:00:00Z');
  const config = parseConfig({ publicUrl: ORIGIN, secretKey: KEY }, {});
  deps = createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date(at) });
  const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
  ann = { id, email: 'ann@contoso.example', display_name: null };
  annKey = createSoftAuthenticator({ origin: ORIGIN, rpId: RP_ID });
  annPasskey = await addPasskey(ann, annKey, 'Phone');
});
afterEach(() => store.close());

async function options(
  purpose: PasskeyPurpose = 'account',
  binding = CEREMONY,
  userId: string | null = null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const made = await passkeyAssertionOptions(deps, { purpose, binding, userId });
  if (made.status !== 'ok') throw new Error(made.code);
  return made.options;
}

function verify(response: string, purpose: PasskeyPurpose = 'account', expectedUserId: string | null = null) {
  return verifyPasskeyAssertion(deps, { purpose, binding: CEREMONY, response, expectedUserId }, null);
}

describe('passkeyAssertionOptions()', () => {
  it('names no passkey for a person not known yet, and requires user verification', async () => {
    const made = await options();
    expect(made.rpId).toBe(RP_ID);
    expect(made.userVerification).toBe('required');
    expect(made.allowCredentials).toBeUndefined();
  });

  it("names the person's passkeys once they are known", async () => {
    expect((await options('account', CEREMONY, ann.id)).allowCredentials).toEqual([
      { id: annKey.credentialId, type: 'public-key', transports: ['internal'] },
    ]);
  });
});

describe('verifyPasskeyAssertion()', () => {
  it("names the passkey's owner, marks it used and audits the use without key material", async () => {
    const response = annKey.assert(await options());
    expect(await verify(response)).toEqual({
      status: 'ok',
      userId: ann.id,
      methodId: annPasskey,
      label: 'Phone',
    });
    const row = await store.db
      .selectFrom('recovery_methods')
      .select(['sign_count', 'last_used_at'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sign_count: 1, last_used_at: at });
    const audit = await store.db
      .selectFrom('audit_events')
      .select('body')
      .where('event_type', '=', 'user_passkey_used')
      .execute();
    expect(audit.map((a) => JSON.parse(a.body))).toMatchObject([
      {
        success: true,
        changes: [
          { field: 'passkey', to: 'Phone' },
          { field: 'purpose', to: 'account' },
        ],
      },
    ]);
    const signature = JSON.parse(response).response.signature;
    expect(audit[0]?.body).not.toContain(signature);
    expect(audit[0]?.body).not.toContain(annKey.privateKeyBase64);
  });

  it('accepts each challenge once: the same answer again is refused', async () => {
    const response = annKey.assert(await options());
    expect(await verify(response)).toMatchObject({ status: 'ok' });
    expect(await verify(response)).toEqual({ status: 'refused', code: 'PASSKEY_CHALLENGE_EXPIRED' });
  });

  it('refuses a wrong answer and still spends the challenge', async () => {
    const challenge = await options();
    expect(await verify(annKey.assert(challenge, { origin: 'https://evil.example' }))).toEqual({
      status: 'refused',
      code: 'PASSKEY_NOT_ACCEPTED',
    });
    expect(await verify(annKey.assert(challenge))).toEqual({
      status: 'refused',
      code: 'PASSKEY_CHALLENGE_EXPIRED',
    });
  });

  it('refuses an answer five minutes after the options, but not just before', async () => {
    const late = annKey.assert(await options());
    at += 5 * 60_000;
    expect(await verify(late)).toEqual({ status: 'refused', code: 'PASSKEY_CHALLENGE_EXPIRED' });
    const inTime = annKey.assert(await options());
    at += 5 * 60_000 - 1;
    expect(await verify(inTime)).toMatchObject({ status: 'ok' });
  });

  it('binds the challenge to the browser and the purpose it was issued for', async () => {
    const otherBrowser = annKey.assert(await options('account', 'another-ceremony-cookie'));
    expect(await verify(otherBrowser)).toEqual({ status: 'refused', code: 'PASSKEY_CHALLENGE_EXPIRED' });
    const forSignIn = annKey.assert(await options('expired_sign_in'));
    expect(await verify(forSignIn, 'reset')).toEqual({
      status: 'refused',
      code: 'PASSKEY_CHALLENGE_EXPIRED',
    });
  });

  it('refuses a counter that goes backwards or stands still, after checking the signature', async () => {
    expect(await verify(annKey.assert(await options(), { counter: 5 }))).toMatchObject({ status: 'ok' });
    expect(await verify(annKey.assert(await options(), { counter: 3 }))).toEqual({
      status: 'refused',
      code: 'PASSKEY_COUNTER_REGRESSED',
    });
    expect(await verify(annKey.assert(await options(), { counter: 5 }))).toEqual({
      status: 'refused',
      code: 'PASSKEY_COUNTER_REGRESSED',
    });
    // A forged answer with a stale counter is just not accepted: it must not pass for a clone warning.
    expect(await verify(annKey.assert(await options(), { counter: 1, rpId: 'evil.example' }))).toEqual({
      status: 'refused',
      code: 'PASSKEY_NOT_ACCEPTED',
    });
    expect(await verify(annKey.assert(await options(), { counter: 6 }))).toMatchObject({ status: 'ok' });
    const failures = await store.db
      .selectFrom('audit_events')
      .select('body')
      .where('event_type', '=', 'user_passkey_used')
      .execute();
    expect(failures.map((a) => JSON.parse(a.body).error_message)).toEqual([
      null,
      'PASSKEY_COUNTER_REGRESSED',
      'PASSKEY_COUNTER_REGRESSED',
      'PASSKEY_NOT_ACCEPTED',
      null,
    ]);
  });

  it('accepts an authenticator that keeps no counter (always 0) every time', async () => {
    const synced = createSoftAuthenticator({ origin: ORIGIN, rpId: RP_ID });
    await addPasskey(ann, synced, 'Synced');
    for (let i = 0; i < 2; i++)
      expect(await verify(synced.assert(await options(), { counter: 0 }))).toMatchObject({ status: 'ok' });
  });

  it('refuses another site, another origin, no user verification and malformed answers', async () => {
    for (const how of [{ rpId: 'evil.example' }, { origin: 'https://evil.example' }, { userVerified: false }])
      expect(await verify(annKey.assert(await options(), how))).toEqual({
        status: 'refused',
        code: 'PASSKEY_NOT_ACCEPTED',
      });
    await options();
    expect(await verify('{"id":"x"}')).toEqual({ status: 'refused', code: 'PASSKEY_NOT_ACCEPTED' });
  });

  it("refuses someone else's passkey where a person is expected, and a user handle naming another", async () => {
    const benId = await addUser(store.db, { email: 'ben@contoso.example', password: null }, new Date(at));
    expect(await verify(annKey.assert(await options()), 'account', benId)).toEqual({
      status: 'refused',
      code: 'PASSKEY_NOT_ACCEPTED',
    });
    expect(await verify(annKey.assert(await options('account', CEREMONY, benId)))).toEqual({
      status: 'refused',
      code: 'PASSKEY_NOT_ACCEPTED',
    });
    const otherHandle = Buffer.from(benId).toString('base64url');
    expect(await verify(annKey.assert(await options(), { userHandle: otherHandle }))).toEqual({
      status: 'refused',
      code: 'PASSKEY_NOT_ACCEPTED',
    });
  });

  it('refuses a removed passkey and one never registered alike', async () => {
    const stranger = createSoftAuthenticator({ origin: ORIGIN, rpId: RP_ID });
    expect(await verify(stranger.assert(await options()))).toEqual({
      status: 'refused',
      code: 'PASSKEY_NOT_ACCEPTED',
    });
    await addPasskey(ann, createSoftAuthenticator({ origin: ORIGIN, rpId: RP_ID }), 'Spare');
    expect(await removeMethod(deps, ann, { methodId: annPasskey }, null)).toMatchObject({ status: 'ok' });
    expect(await verify(annKey.assert(await options()))).toEqual({
      status: 'refused',
      code: 'PASSKEY_NOT_ACCEPTED',
    });
  });
});
