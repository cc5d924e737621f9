import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import type { MailContent } from '../mail/compose-mail.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import { openStore, type Store } from '../store/open-store.js';
import { confirmPersonalEmail, startPersonalEmail } from './personal-email.js';
import { generateRecoveryCodes } from './recovery-codes.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
import type { RecoveryUser } from './recovery-user.js';
import { removeMethod } from './remove-method.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
let store: Store;
let deps: RecoveryDeps;
let ann: RecoveryUser;
/** The codes the mails carried, as the person's mailboxes would read them. */
const mailed: string[] = [];

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-notices-')), 'db.sqlite'));
  const config = parseConfig(
    { publicUrl: 'https://passwords.contoso.example', secretKey: KEY, organisation: { name: 'Contoso' } },
    {},
  );
  deps = createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date() });
  const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date());
  ann = { id, email: 'ann@contoso.example', display_name: 'Ann' };
  seen = new Set();
});
afterEach(() => store.close());

/** Mails already looked at by newNotices(). */
let seen = new Set<string>();

/** The security notices queued since the last call: to whom, and the subject and body. */
async function newNotices(): Promise<{ to: string; content: MailContent }[]> {
  const rows = await store.db
    .selectFrom('mail_queue')
    .select(['id', 'to_address', 'payload', 'kind'])
    .execute();
  const fresh = rows
    .filter((row) => !seen.has(row.id))
    .map((row) => ({
      kind: row.kind,
      to: row.to_address,
      content: JSON.parse(
        deps.mailSealer.open(row.payload ?? new Uint8Array(), mailSealContext(row.id)),
      ) as MailContent,
    }));
  seen = new Set(rows.map((row) => row.id));
  for (const mail of fresh.filter((m) => m.kind === 'email_code'))
    mailed.push(/^(\d{6})$/m.exec(mail.content.text)?.[1] ?? '');
  return fresh.filter((m) => m.kind === 'security_notice').map(({ to, content }) => ({ to, content }));
}

async function addAddress(address: string): Promise<void> {
  await startPersonalEmail(deps, ann, address);
  await newNotices();
  expect(await confirmPersonalEmail(deps, ann, mailed.at(-1) ?? '', null)).toMatchObject({ status: 'ok' });
}

describe('the security notices of methods added and removed', () => {
  it('tells the work address and the new personal address that one was added', async () => {
    await addAddress('ann@home.example');
    const told = await newNotices();
    expect(told.map((n) => n.to).sort()).toEqual(['ann@contoso.example', 'ann@home.example']);
    expect(told[0]?.content.subject).toBe('A way to get back into your Contoso account was added');
    expect(told[0]?.content.text).toContain('a personal e-mail address was added to the security info');
  });

  it('tells the replaced personal address too, once, so a swap cannot go unseen', async () => {
    await addAddress('ann@home.example');
    await newNotices();
    await addAddress('ann@elsewhere.example');
    const told = await newNotices();
    expect(told.map((n) => n.to).sort()).toEqual([
      'ann@contoso.example',
      'ann@elsewhere.example',
      'ann@home.example',
    ]);
    expect(told[0]?.content.text).toContain('no longer receives codes');
  });

  it('tells of new recovery codes replacing the old ones as one change, and of a removal', async () => {
    await addAddress('ann@home.example');
    const first = await generateRecoveryCodes(deps, ann, null);
    await newNotices();
    const made = await generateRecoveryCodes(deps, ann, null);
    const replaced = await newNotices();
    expect(replaced).toHaveLength(2);
    for (const notice of replaced) expect(notice.content.text).toContain('the old ones no longer work');
    const methods = await store.db.selectFrom('recovery_methods').select('id').execute();
    expect(await removeMethod(deps, ann, { methodId: methods[0]?.id ?? '' }, null)).toMatchObject({
      status: 'ok',
    });
    // The removed address hears of it as well: it gets nothing from us after this.
    const removed = await newNotices();
    expect(removed.map((n) => n.to).sort()).toEqual(['ann@contoso.example', 'ann@home.example']);
    expect(removed[0]?.content.subject).toBe('A way to get back into your Contoso account was removed');
    // No notice carries a code: not the mailed ones, not a recovery code.
    const codes = [first, made].flatMap((set) => (set.status === 'ok' ? set.codes : []));
    for (const notice of [...replaced, ...removed])
      for (const secret of [...mailed, ...codes]) expect(notice.content.text).not.toContain(secret);
  });
});
