import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { openStore, type Store } from '../store/open-store.js';
import { listMethods } from './list-methods.js';
import { generateRecoveryCodes } from './recovery-codes.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
import type { RecoveryUser } from './recovery-user.js';
import { removeMethod } from './remove-method.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
let store: Store;
let deps: RecoveryDeps;
let ann: RecoveryUser;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-remove-')), 'db.sqlite'));
  const config = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});
  deps = createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date() });
  const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date());
  ann = { id, email: 'ann@contoso.example', display_name: null };
});
afterEach(() => store.close());

async function addMailMethod(): Promise<string> {
  const id = `mail-${Math.random()}`;
  await store.db
    .insertInto('recovery_methods')
    .values({
      id,
      user_id: ann.id,
      kind: 'personal_email',
      label: 'Personal e-mail address',
      created_at: 0,
      confirmed_at: 0,
      last_used_at: null,
      email: 'ann@home.example',
      totp_secret: null,
      totp_last_step: null,
      credential_id: null,
      public_key: null,
      sign_count: null,
      transports: null,
    })
    .execute();
  return id;
}

describe('removeMethod()', () => {
  it('removes a method while another remains, audits it, and refuses the last one', async () => {
    const mail = await addMailMethod();
    await generateRecoveryCodes(deps, ann, null);
    expect(await removeMethod(deps, ann, 'recovery_codes', null)).toEqual({
      status: 'ok',
      kind: 'recovery_codes',
    });
    expect(await removeMethod(deps, ann, { methodId: mail }, null)).toEqual({
      status: 'refused',
      code: 'LAST_METHOD',
    });
    expect((await listMethods(store.db, ann.id)).methods).toHaveLength(1);
    const audit = await store.db
      .selectFrom('audit_events')
      .select('body')
      .where('event_type', '=', 'user_recovery_method_removed')
      .execute();
    expect(audit.map((a) => JSON.parse(a.body).changes)).toEqual([
      [{ field: 'recoveryMethod', from: 'recovery_codes' }],
    ]);
  });

  it('asks two kinds of an admin', async () => {
    const mail = await addMailMethod();
    await generateRecoveryCodes(deps, ann, null);
    await store.db.updateTable('users').set({ is_admin: 1 }).where('id', '=', ann.id).execute();
    expect(await removeMethod(deps, ann, { methodId: mail }, null)).toEqual({
      status: 'refused',
      code: 'METHODS_BELOW_REQUIRED',
    });
  });

  it('lets only one of two removals at once through when they would leave none', async () => {
    const mail = await addMailMethod();
    await generateRecoveryCodes(deps, ann, null);
    const results = await Promise.all([
      removeMethod(deps, ann, { methodId: mail }, null),
      removeMethod(deps, ann, 'recovery_codes', null),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['ok', 'refused']);
    const left = await listMethods(store.db, ann.id);
    expect(left.methods.length + (left.recoveryCodes === null ? 0 : 1)).toBe(1);
  });

  it("refuses a method id that is not the person's own", async () => {
    const mail = await addMailMethod();
    const bob = await addUser(store.db, { email: 'bob@contoso.example', password: null }, new Date());
    expect(
      await removeMethod(
        deps,
        { id: bob, email: 'bob@contoso.example', display_name: null },
        { methodId: mail },
        null,
      ),
    ).toEqual({ status: 'refused', code: 'METHOD_NOT_FOUND' });
  });
});
