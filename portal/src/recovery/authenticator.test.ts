import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { openStore, type Store } from '../store/open-store.js';
import { confirmTotp, startTotp, totpSetup } from './authenticator.js';
import { listMethods } from './list-methods.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
import type { RecoveryUser } from './recovery-user.js';
import { verifyTotp } from './verify-totp.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
let store: Store;
let deps: RecoveryDeps;
let at: number;
let ann: RecoveryUser;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-totp-')), 'db.sqlite'));
  at = Date.parse('2026-03-02T09:00:10Z');
  const config = parseConfig(
    { publicUrl: 'https://passwords.contoso.example', secretKey: KEY, organisation: { name: 'Contoso' } },
    {},
  );
  deps = createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date(at) });
  const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
  ann = { id, email: 'ann@contoso.example', display_name: null };
});
afterEach(() => store.close());

/** What the person's app shows at `ms`, computed from the secret the setup page shows. */
function appCode(secret: string, ms: number): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: ms,
  });
}

async function registerApp(): Promise<string> {
  expect(await startTotp(deps, ann)).toEqual({ status: 'ok' });
  const setup = await totpSetup(deps, ann);
  if (setup === null) throw new Error('no setup');
  expect(await confirmTotp(deps, ann, appCode(setup.secret, at), null)).toEqual({ status: 'ok' });
  return setup.secret;
}

describe('startTotp(), totpSetup() and confirmTotp()', () => {
  it('makes the secret on the server, labels it for the organisation and the person, and stores it sealed', async () => {
    await startTotp(deps, ann);
    const setup = await totpSetup(deps, ann);
    expect(setup?.uri).toContain('otpauth://totp/Contoso:ann%40contoso.example?issuer=Contoso&secret=');
    expect(setup?.qrSvg).toMatch(/^<svg /);
    const row = await store.db.selectFrom('recovery_methods').selectAll().executeTakeFirstOrThrow();
    expect(Buffer.from(row.totp_secret ?? []).toString('latin1')).not.toContain(setup?.secret);
    // Not a method until its first code is confirmed.
    expect((await listMethods(store.db, ann.id)).methods).toEqual([]);
  });

  it('confirms with the first code, and refuses a wrong one', async () => {
    await startTotp(deps, ann);
    const setup = await totpSetup(deps, ann);
    expect(await confirmTotp(deps, ann, '000000', null)).toEqual({ status: 'refused', code: 'CODE_INVALID' });
    expect(await confirmTotp(deps, ann, appCode(setup?.secret ?? '', at), null)).toEqual({ status: 'ok' });
    expect((await listMethods(store.db, ann.id)).methods.map((m) => m.kind)).toEqual(['totp']);
  });

  it('drops a setup not confirmed within 15 minutes', async () => {
    await startTotp(deps, ann);
    const setup = await totpSetup(deps, ann);
    at += 15 * 60_000 + 1;
    expect(await totpSetup(deps, ann)).toBeNull();
    expect(await confirmTotp(deps, ann, appCode(setup?.secret ?? '', at), null)).toEqual({
      status: 'refused',
      code: 'SETUP_EXPIRED',
    });
  });

  it('replaces the app registered before: the old secret stops working', async () => {
    const first = await registerApp();
    at += 60_000;
    const second = await registerApp();
    at += 60_000;
    expect(await verifyTotp(deps, ann.id, appCode(first, at))).toMatchObject({ code: 'CODE_INVALID' });
    expect(await verifyTotp(deps, ann.id, appCode(second, at))).toMatchObject({ status: 'ok' });
    expect((await listMethods(store.db, ann.id)).methods).toHaveLength(1);
  });
});

describe('verifyTotp()', () => {
  it('accepts a code one step early or late, but not two', async () => {
    const secret = await registerApp();
    at += 5 * 60_000;
    expect(await verifyTotp(deps, ann.id, appCode(secret, at - 60_000))).toMatchObject({
      code: 'CODE_INVALID',
    });
    expect(await verifyTotp(deps, ann.id, appCode(secret, at - 30_000))).toMatchObject({ status: 'ok' });
    expect(await verifyTotp(deps, ann.id, appCode(secret, at + 30_000))).toMatchObject({ status: 'ok' });
    expect(await verifyTotp(deps, ann.id, appCode(secret, at + 60_000))).toMatchObject({
      code: 'CODE_INVALID',
    });
  });

  it('accepts each code once: a replay in the same step, or the next, is refused', async () => {
    const secret = await registerApp();
    at += 5 * 60_000;
    const code = appCode(secret, at);
    expect(await verifyTotp(deps, ann.id, code)).toMatchObject({ status: 'ok' });
    expect(await verifyTotp(deps, ann.id, code)).toEqual({ status: 'refused', code: 'CODE_ALREADY_USED' });
    at += 30_000;
    expect(await verifyTotp(deps, ann.id, code)).toEqual({ status: 'refused', code: 'CODE_ALREADY_USED' });
    expect(await verifyTotp(deps, ann.id, appCode(secret, at))).toMatchObject({ status: 'ok' });
  });

  it('refuses the code that confirmed the app: its step counts as used', async () => {
    await startTotp(deps, ann);
    const secret = (await totpSetup(deps, ann))?.secret ?? '';
    const first = appCode(secret, at);
    await confirmTotp(deps, ann, first, null);
    expect(await verifyTotp(deps, ann.id, first)).toEqual({ status: 'refused', code: 'CODE_ALREADY_USED' });
  });

  it('lets exactly one of many requests with the same code through', async () => {
    const secret = await registerApp();
    at += 5 * 60_000;
    const code = appCode(secret, at);
    const results = await Promise.all(Array.from({ length: 8 }, () => verifyTotp(deps, ann.id, code)));
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(1);
  });

  it('answers a person with no app like a wrong code, and never throws for junk', async () => {
    expect(await verifyTotp(deps, ann.id, '123456')).toEqual({ status: 'refused', code: 'CODE_INVALID' });
    await registerApp();
    for (const junk of ['', 'x'.repeat(5000), '12345a', '１２３４５６'])
      expect(await verifyTotp(deps, ann.id, junk)).toEqual({ status: 'refused', code: 'CODE_INVALID' });
  });

  it('answers CODE_INVALID, not a server error, once secretKey has changed and the key no longer opens', async () => {
    const secret = await registerApp();
    at += 60_000;
    const otherKey = createRecoveryDeps({
      db: store.db,
      config: parseConfig(
        {
          publicUrl: 'https://passwords.contoso.example',
          secretKey: '9c4e1a7b3f2d8e6051c3b9a7d2e4f6081b3d5f7092a4c6e8f1a3b5c7d9e2f4a6',
        },
        {},
      ),
      mailSender: null,
      now: () => new Date(at),
    });
    expect(await verifyTotp(otherKey, ann.id, appCode(secret, at))).toEqual({
      status: 'refused',
      code: 'CODE_INVALID',
    });
  });
});
