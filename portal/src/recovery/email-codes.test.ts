import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import type { MailContent } from '../mail/compose-mail.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import { openStore, type Store } from '../store/open-store.js';
import { checkEmailCode, sendEmailCode } from './email-codes.js';
import { listMethods } from './list-methods.js';
import { confirmPersonalEmail, startPersonalEmail } from './personal-email.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
import type { RecoveryUser } from './recovery-user.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
let store: Store;
let deps: RecoveryDeps;
let at: number;
let ann: RecoveryUser;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-mail-codes-')), 'db.sqlite'));
  at = Date.parse('2026-03-02T09:00:00Z');
  const config = parseConfig(
    {
      publicUrl: 'https://passwords.contoso.example',
      secretKey: KEY,
      tenants: [
        {
          name: 'contoso',
          domains: ['contoso.example', 'contoso-eu.example'],
          graph: {
            tenantId: 'contoso.example',
            clientId: '11111111-2222-3333-4444-555555555555',
            clientSecret: 's',
          },
        },
      ],
    },
    {},
  );
  deps = createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date(at) });
  const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
  ann = { id, email: 'ann@contoso.example', display_name: 'Ann' };
});
afterEach(() => store.close());

/** The code in the newest mail queued to `to` (opened as the mail sender would). */
async function mailedCode(to: string): Promise<string> {
  const mail = await store.db
    .selectFrom('mail_queue')
    .select(['id', 'payload'])
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const content = JSON.parse(
    deps.mailSealer.open(mail.payload ?? new Uint8Array(), mailSealContext(mail.id)),
  ) as MailContent;
  const code = /^(\d{6})$/m.exec(content.text)?.[1];
  if (code === undefined) throw new Error('no code in the mail');
  return code;
}

const wrong = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sendEmailCode() and checkEmailCode()', () => {
  it('mails six digits that work once, and stores neither the code nor the mail readable', async () => {
    expect(
      await sendEmailCode(deps, { user: ann, purpose: 'account_sign_in', to: 'ann@home.example' }),
    ).toMatchObject({
      status: 'ok',
    });
    const code = await mailedCode('ann@home.example');
    const row = await store.db.selectFrom('email_codes').selectAll().executeTakeFirstOrThrow();
    expect(row.code_hash).not.toContain(code);
    expect(await checkEmailCode(deps, { userId: ann.id, purpose: 'account_sign_in', code })).toEqual({
      status: 'ok',
      target: 'ann@home.example',
    });
    expect(await checkEmailCode(deps, { userId: ann.id, purpose: 'account_sign_in', code })).toMatchObject({
      code: 'CODE_EXPIRED',
    });
  });

  it('refuses the 6th wrong code, and the right one then needs a new code', async () => {
    await sendEmailCode(deps, { user: ann, purpose: 'account_sign_in', to: 'ann@home.example' });
    const code = await mailedCode('ann@home.example');
    const check = (typed: string) =>
      checkEmailCode(deps, { userId: ann.id, purpose: 'account_sign_in', code: typed });
    for (let i = 0; i < 4; i += 1) expect(await check(wrong(code))).toMatchObject({ code: 'CODE_INVALID' });
    // The 5th wrong try was the last one: the code is spent.
    expect(await check(wrong(code))).toMatchObject({ code: 'CODE_EXPIRED' });
    expect(await check(wrong(code))).toMatchObject({ code: 'CODE_EXPIRED' });
    expect(await check(code)).toMatchObject({ code: 'CODE_EXPIRED' });
    at += 1_000;
    await sendEmailCode(deps, { user: ann, purpose: 'account_sign_in', to: 'ann@home.example' });
    expect(await check(await mailedCode('ann@home.example'))).toMatchObject({ status: 'ok' });
  });

  it('takes the right code on the 5th try', async () => {
    await sendEmailCode(deps, { user: ann, purpose: 'account_sign_in', to: 'ann@home.example' });
    const code = await mailedCode('ann@home.example');
    const check = (typed: string) =>
      checkEmailCode(deps, { userId: ann.id, purpose: 'account_sign_in', code: typed });
    for (let i = 0; i < 4; i += 1) await check(wrong(code));
    expect(await check(code)).toMatchObject({ status: 'ok' });
  });

  it('never counts more than 5 tries of parallel guesses', async () => {
    await sendEmailCode(deps, { user: ann, purpose: 'account_sign_in', to: 'ann@home.example' });
    const code = await mailedCode('ann@home.example');
    await Promise.all(
      Array.from({ length: 12 }, () =>
        checkEmailCode(deps, { userId: ann.id, purpose: 'account_sign_in', code: wrong(code) }),
      ),
    );
    const row = await store.db.selectFrom('email_codes').select('tries').executeTakeFirstOrThrow();
    expect(row.tries).toBe(5);
  });

  it('works for 10 minutes only, and only the newest code sent works', async () => {
    await sendEmailCode(deps, { user: ann, purpose: 'account_sign_in', to: 'ann@home.example' });
    const first = await mailedCode('ann@home.example');
    at += 1_000;
    await sendEmailCode(deps, { user: ann, purpose: 'account_sign_in', to: 'ann@home.example' });
    const second = await mailedCode('ann@home.example');
    const check = (typed: string) =>
      checkEmailCode(deps, { userId: ann.id, purpose: 'account_sign_in', code: typed });
    if (first !== second) expect(await check(first)).toMatchObject({ code: 'CODE_INVALID' });
    at += 10 * 60_000;
    expect(await check(second)).toMatchObject({ code: 'CODE_EXPIRED' });
  });

  it('keeps each purpose apart, and limits how many codes are sent', async () => {
    await sendEmailCode(deps, { user: ann, purpose: 'reset', to: 'ann@home.example' });
    const code = await mailedCode('ann@home.example');
    expect(await checkEmailCode(deps, { userId: ann.id, purpose: 'account_sign_in', code })).toMatchObject({
      code: 'CODE_EXPIRED',
    });
    for (let i = 0; i < 4; i += 1)
      await sendEmailCode(deps, { user: ann, purpose: 'reset', to: 'ann@home.example' });
    // The refusal names its own limit (codes sent) and when it has room again: 15 minutes after the first.
    expect(await sendEmailCode(deps, { user: ann, purpose: 'reset', to: 'ann@home.example' })).toEqual({
      status: 'refused',
      code: 'RATE_LIMITED',
      limit: { reason: 'codes_sent', minutesLeft: 15 },
    });
  });
});

describe('startPersonalEmail() and confirmPersonalEmail()', () => {
  it('refuses an address in one of the organisation own domains', async () => {
    for (const address of ['ann@contoso.example', 'ann.private@contoso-eu.example', 'ANN@CONTOSO.EXAMPLE'])
      expect(await startPersonalEmail(deps, ann, address)).toEqual({
        status: 'refused',
        code: 'PERSONAL_EMAIL_IS_WORK',
      });
  });

  it('adds the address the code was mailed to, replacing the one before', async () => {
    await startPersonalEmail(deps, ann, 'Ann@Home.example');
    expect(await confirmPersonalEmail(deps, ann, await mailedCode('ann@home.example'), null)).toEqual({
      status: 'ok',
      email: 'ann@home.example',
    });
    at += 1_000;
    await startPersonalEmail(deps, ann, 'ann@elsewhere.example');
    await confirmPersonalEmail(deps, ann, await mailedCode('ann@elsewhere.example'), null);
    const { methods } = await listMethods(store.db, ann.id);
    expect(methods.map((m) => m.email)).toEqual(['ann@elsewhere.example']);
    const audit = await store.db.selectFrom('audit_events').select('event_type').orderBy('seq').execute();
    expect(audit.map((a) => a.event_type).slice(-3)).toEqual([
      'user_recovery_method_added',
      'user_recovery_method_removed',
      'user_recovery_method_added',
    ]);
  });
});
