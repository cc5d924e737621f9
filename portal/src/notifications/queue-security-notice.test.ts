import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
import type { MailContent } from '../mail/compose-mail.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import { openStore, type Store } from '../store/open-store.js';
import { type NoticeDeps, queueSecurityNotice } from './queue-security-notice.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
let store: Store;
let deps: NoticeDeps;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-notice-language-')), 'db.sqlite'));
  const config = parseConfig(
    {
      publicUrl: 'https://passwords.contoso.example',
      secretKey: KEY,
      organisation: { name: 'Contoso' },
      defaultLanguage: 'ar',
    },
    {},
  );
  deps = { config, mailSealer: createSealer(config.secretKey, 'mail') };
});
afterEach(() => store.close());

/** Adds a person who last used the portal in `locale` (null: never), and tells them their account was unlocked. */
async function noticeTo(email: string, locale: string | null): Promise<MailContent> {
  const id = await addUser(store.db, { email, password: null }, new Date());
  await store.db.updateTable('users').set({ locale }).where('id', '=', id).execute();
  const [mailId] = await store.db
    .transaction()
    .execute((trx) =>
      queueSecurityNotice(
        trx,
        deps,
        { id, email, display_name: null },
        { kind: 'account_unlocked', by: { kind: 'admin' } },
        { at: Date.parse('2026-03-02T09:05:00Z') },
      ),
    );
  const row = await store.db
    .selectFrom('mail_queue')
    .select('payload')
    .where('id', '=', mailId ?? '')
    .executeTakeFirstOrThrow();
  return JSON.parse(
    deps.mailSealer.open(row.payload ?? new Uint8Array(), mailSealContext(mailId ?? '')),
  ) as MailContent;
}

describe('queueSecurityNotice() language', () => {
  it('writes in the language the person last used the portal in', async () => {
    const mail = await noticeTo('ann@contoso.example', 'de');
    expect(mail.subject).toBe('Ihr Konto bei Contoso wurde entsperrt');
    expect(mail.text).toContain('Ihr IT-Support hat es entsperrt.');
    expect(mail.html).toMatch(/<html lang="de" dir="ltr">/);
  });

  it('falls back to the organisation’s defaultLanguage for a person never seen', async () => {
    const mail = await noticeTo('bo@contoso.example', null);
    expect(mail.subject).toBe('تم إلغاء تأمين حسابك لدى Contoso');
    expect(mail.html).toMatch(/<html lang="ar" dir="rtl">/);
  });

  it('falls back to defaultLanguage when the stored language is no longer shipped', async () => {
    const mail = await noticeTo('cy@contoso.example', 'xx');
    expect(mail.subject).toBe('تم إلغاء تأمين حسابك لدى Contoso');
  });
});
