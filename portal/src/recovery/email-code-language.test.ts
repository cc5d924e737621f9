import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import type { MailContent } from '../mail/compose-mail.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import { openStore, type Store } from '../store/open-store.js';
import { sendEmailCode } from './email-codes.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
let store: Store;
let deps: RecoveryDeps;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-code-language-')), 'db.sqlite'));
  const config = parseConfig(
    {
      publicUrl: 'https://passwords.contoso.example',
      secretKey: KEY,
      organisation: { name: 'Contoso' },
      defaultLanguage: 'fr',
      // The organisation's own wording reaches its mails as it does its pages.
      messages: { de: { 'mail.code.subject': 'Ihr Bestätigungscode von {organisation}' } },
    },
    {},
  );
  deps = createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date() });
});
afterEach(() => store.close());

/** Mails `email` (who last used the portal in `locale`) a code to confirm an address; the mail as queued. */
async function codeMailTo(email: string, locale: string | null): Promise<MailContent> {
  const id = await addUser(store.db, { email, password: null }, new Date());
  await store.db.updateTable('users').set({ locale }).where('id', '=', id).execute();
  const to = `home+${id}@example.org`;
  await sendEmailCode(deps, { user: { id, display_name: null }, purpose: 'confirm_email', to });
  const row = await store.db
    .selectFrom('mail_queue')
    .select(['id', 'payload'])
    .where('to_address', '=', to)
    .executeTakeFirstOrThrow();
  return JSON.parse(
    deps.mailSealer.open(row.payload ?? new Uint8Array(), mailSealContext(row.id)),
  ) as MailContent;
}

describe('sendEmailCode() language', () => {
  it("writes the code mail in the language the person last used the portal in, in the organisation's words", async () => {
    const mail = await codeMailTo('ann@contoso.example', 'de');
    expect(mail.subject).toBe('Ihr Bestätigungscode von Contoso');
    expect(mail.html).toMatch(/<html lang="de" dir="ltr">/);
  });

  it('writes it in defaultLanguage for a person never seen', async () => {
    const mail = await codeMailTo('bo@contoso.example', null);
    expect(mail.subject).toBe('Votre code Contoso');
    expect(mail.html).toMatch(/<html lang="fr" dir="ltr">/);
  });
});
