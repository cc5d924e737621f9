import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoftAuthenticator, type SoftAuthenticator } from '../../test-support/soft-authenticator.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
import { createPasskeys } from '../recovery/create-passkeys.js';
import { createRecoveryDeps } from '../recovery/recovery-deps.js';
import type { SignedInPerson } from '../recovery/security-info-service.js';
import { openStore, type Store } from '../store/open-store.js';
import { createResetFlows } from './create-reset-flows.js';
import type { ResetFlowService } from './reset-flow-service.js';

// The passkey step of /reset against the real flow and passkey code, with a software authenticator
// standing in for the browser's (the Chromium tests use its virtual one for security info's passkeys).

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ORIGIN = 'https://passwords.contoso.example';
const from = { clientIp: '198.51.100.7', userAgent: 'test' };
let store: Store;
let resets: ResetFlowService;
let annKey: SoftAuthenticator;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-reset-passkey-')), 'db.sqlite'));
  // The passkeys below are registered on no proof at all; the cooling-off they would wait is tested below.
  const config = parseConfig(
    { publicUrl: ORIGIN, secretKey: KEY, recovery: { newMethodCoolingOffHours: 0 } },
    {},
  );
  const now = (): Date => new Date();
  const recovery = createRecoveryDeps({ db: store.db, config, mailSender: null, now });
  resets = createResetFlows({
    db: store.db,
    config,
    sealer: createSealer(config.secretKey, 'outbox'),
    mailSealer: recovery.mailSealer,
    mailSender: null,
    worker: null,
    logger: pino({ level: 'silent' }),
    now,
    codes: recovery.codes,
    totpSealer: recovery.totpSealer,
  });
  const passkeys = createPasskeys({ config }, recovery);
  for (const email of ['ann@contoso.example', 'ben@contoso.example']) {
    const id = await addUser(store.db, { email, password: null }, now());
    await store.db.updateTable('users').set({ status: 'active' }).where('id', '=', id).execute();
    const who: SignedInPerson = { id, email, display_name: null, isAdmin: false };
    const device = createSoftAuthenticator({ origin: ORIGIN, rpId: 'passwords.contoso.example' });
    const made = await passkeys.registrationOptions(who, `session-${id}`);
    if (made.status !== 'ok') throw new Error(made.code);
    const added = await passkeys.register(
      who,
      { sessionToken: `session-${id}`, response: device.register(made.options), name: '' },
      from,
    );
    if (added.status !== 'ok') throw new Error(added.code);
    if (email.startsWith('ann')) annKey = device;
  }
});
afterEach(() => store.close());

/** Starts a flow for `email` and answers its passkey options with `device`. */
async function passkeyProof(email: string, device: SoftAuthenticator) {
  const started = await resets.start({ email, ...from });
  if (started.status !== 'ok') throw new Error(started.code);
  const { token } = started.grant;
  const made = await resets.passkeyOptions(token, from);
  if (made.status !== 'ok') throw new Error(made.code);
  // The address was only typed: the options name no passkey, whoever it is.
  expect(made.options.allowCredentials ?? []).toEqual([]);
  return { token, response: device.assert(made.options) };
}

describe('the passkey step of /reset', () => {
  it("proves the account's own passkey, once per challenge", async () => {
    const { token, response } = await passkeyProof('ann@contoso.example', annKey);
    expect(await resets.prove(token, { factor: 'passkey', code: response }, from)).toEqual({
      status: 'ok',
      complete: true,
    });
    expect(await resets.finish(token)).toMatchObject({ status: 'ready', email: 'ann@contoso.example' });
  });

  it("refuses another person's passkey, and any passkey for an address with no account, alike", async () => {
    const other = await passkeyProof('ben@contoso.example', annKey);
    const unknown = await passkeyProof('nobody@contoso.example', annKey);
    const answers = [
      await resets.prove(other.token, { factor: 'passkey', code: other.response }, from),
      await resets.prove(unknown.token, { factor: 'passkey', code: unknown.response }, from),
    ];
    expect(answers).toEqual([
      { status: 'refused', code: 'PASSKEY_NOT_ACCEPTED' },
      { status: 'refused', code: 'PASSKEY_NOT_ACCEPTED' },
    ]);
  });

  it('spends the challenge with the answer: the same answer again proves nothing', async () => {
    const { token, response } = await passkeyProof('ann@contoso.example', annKey);
    await resets.prove(token, { factor: 'passkey', code: 'not an answer' }, from);
    expect(await resets.prove(token, { factor: 'passkey', code: response }, from)).toEqual({
      status: 'refused',
      code: 'PASSKEY_CHALLENGE_EXPIRED',
    });
    expect(await resets.finish(token)).toBeNull();
  });

  it('refuses a passkey added on the password alone until its cooling-off is over, as if it were not there', async () => {
    // Cy registers her first passkey with the default cooling-off (24 hours): no method served before.
    const config = parseConfig({ publicUrl: ORIGIN, secretKey: KEY }, {});
    const at = Date.now();
    const now = (): Date => new Date(at);
    const recovery = createRecoveryDeps({ db: store.db, config, mailSender: null, now });
    const email = 'cy@contoso.example';
    const id = await addUser(store.db, { email, password: null }, now());
    await store.db.updateTable('users').set({ status: 'active' }).where('id', '=', id).execute();
    const who: SignedInPerson = { id, email, display_name: null, isAdmin: false };
    const device = createSoftAuthenticator({ origin: ORIGIN, rpId: 'passwords.contoso.example' });
    const passkeys = createPasskeys({ config }, recovery);
    const made = await passkeys.registrationOptions(who, 'session-cy');
    if (made.status !== 'ok') throw new Error(made.code);
    const response = device.register(made.options);
    expect(
      await passkeys.register(who, { sessionToken: 'session-cy', response, name: '' }, from),
    ).toMatchObject({ status: 'ok' });

    const early = await passkeyProof(email, device);
    expect(await resets.prove(early.token, { factor: 'passkey', code: early.response }, from)).toEqual({
      status: 'refused',
      code: 'PASSKEY_NOT_ACCEPTED',
    });
    // It serves from a day after it was added (this flow's clock cannot be moved on: see the integration
    // suite portal-method-cooling-off for a reset once the wait is over).
    const [method] = await store.db
      .selectFrom('recovery_methods')
      .select('usable_from')
      .where('user_id', '=', id)
      .execute();
    expect(method?.usable_from).toBe(at + 24 * 3_600_000);
  });
});
