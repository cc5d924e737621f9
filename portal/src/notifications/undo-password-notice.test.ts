import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
import { createMailSender, type MailSender } from '../mail/mail-sender.js';
import type { MailTransport, OutgoingMail } from '../mail/mail-transport.js';
import { openStore, type Store } from '../store/open-store.js';
import { queueSecurityNotice } from './queue-security-notice.js';
import { undoPasswordNotice } from './undo-password-notice.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const T = Date.parse('2026-03-02T09:00:00Z');
const UNDONE = 'The password change of your Passgate account did not take effect';
const config = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});
const deps = { config, mailSealer: createSealer(config.secretKey, 'mail') };
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

/** A person told "changed": their notice queued with the password, as acceptPassword does. Their id. */
async function toldChanged(email: string, sendAt: number): Promise<string> {
  const id = await addUser(store.db, { email, password: null }, new Date(T));
  const user = { id, email, display_name: null };
  await store.db
    .transaction()
    .execute((trx) =>
      queueSecurityNotice(
        trx,
        deps,
        user,
        { kind: 'password_changed', way: { kind: 'change' } },
        { at: T, sendAt },
      ),
    );
  return id;
}

/**
 * Microsoft 365 refuses the password at `at` (by default well after the change's request stopped waiting,
 * config.sync.changeWaitMs): failJob's part for the notice.
 */
function refused(userId: string, upn: string, at = T + 10_000, attempts = 1): Promise<void> {
  return store.db
    .transaction()
    .execute((trx) => undoPasswordNotice(trx, deps, { user_id: userId, upn, created_at: T, attempts }, at));
}

/** The subjects of the mails queued for the person, oldest first. */
async function queuedFor(userId: string): Promise<string[]> {
  const { server, sender } = mailServer(async () => undefined);
  server.up = true;
  server.now = T + 3_600_000;
  await sender.runOnce();
  expect(
    await store.db.selectFrom('mail_queue').select('user_id').where('user_id', '=', userId).execute(),
  ).toEqual(server.sent.map(() => ({ user_id: userId })));
  return server.sent.map((mail) => mail.content.subject);
}

/** A mail sender on a mail server that fails (`fail`) until it is up; what it delivered, and its clock. */
function mailServer(fail: () => Promise<void>) {
  const server = { up: false, now: T, sent: [] as OutgoingMail[] };
  const transport: MailTransport = {
    kind: 'smtp',
    close: () => undefined,
    async send(mail) {
      if (!server.up) await fail();
      server.sent.push(mail);
    },
  };
  const sender: MailSender = createMailSender({
    db: store.db,
    sealer: deps.mailSealer,
    walScrubber: store.walScrubber,
    transport,
    logger: pino({ level: 'silent' }),
    now: () => new Date(server.now),
    pollIntervalMs: 1000,
  });
  return { server, sender };
}

describe('undoPasswordNotice()', () => {
  // The change's request was still waiting for Microsoft 365 (config.sync.changeWaitMs, 3 s) when the
  // refusal came on the job's first attempt: the page says so, and the held notice simply never goes.
  it('sends nothing when Microsoft 365 refused the password while the change still waited for it', async () => {
    const id = await toldChanged('cat@contoso.example', T + 3_000);
    await refused(id, 'cat@contoso.example', T + 2_000);
    expect(await queuedFor(id)).toEqual([]);
  });

  // The page said "queued" (the wait ended, or a first attempt was retried, which answers at once), and
  // the mail sender had not got to the "changed" notice yet: withdrawn, and still a follow-up, or the
  // person believes the change happened.
  it.each([
    ['the wait had ended', T + 3_000, 1],
    ['a first attempt was retried', T + 2_000, 2],
  ])(
    'says the change did not take effect to a person told "queued" (%s), though no copy went out',
    async (_, at, attempts) => {
      const id = await toldChanged(`dee.${attempts}@contoso.example`, T + 3_000);
      await refused(id, `dee.${attempts}@contoso.example`, at, attempts);
      expect(await queuedFor(id)).toEqual([UNDONE]);
    },
  );

  // Microsoft 365 and the mail server were both out: the "changed" notice failed its first attempt while
  // the password waited, then Microsoft 365 refused the password.
  it('withdraws a "password changed" notice whose first attempt failed, and says the change did not happen', async () => {
    const id = await toldChanged('ann@contoso.example', T + 3_000);
    const { server, sender } = mailServer(async () => {
      throw new Error('421 service not available');
    });
    server.now = T + 3_000;
    expect(await sender.runOnce()).toBe(1);
    await refused(id, 'ann@contoso.example');
    server.up = true;
    server.now = T + 3_600_000;
    await sender.runOnce();
    // Before, the failed copy stayed queued and went out, untrue, with nothing after it.
    expect(server.sent.map((mail) => mail.content.subject)).toEqual([UNDONE]);
  });

  it('withdraws a copy being sent when the password is refused: its failed delivery is not tried again', async () => {
    const id = await toldChanged('bob@contoso.example', T);
    let refuse = (): void => undefined;
    // Microsoft 365 refuses the password while this copy is on the wire; then the delivery fails.
    const { server, sender } = mailServer(async () => {
      await new Promise<void>((resolve) => {
        refuse = resolve;
      });
      throw new Error('421 service not available');
    });
    const sending = sender.runOnce();
    // Waits for the copy to be claimed (a condition, not a time).
    while (
      (await store.db.selectFrom('mail_queue').select('status').executeTakeFirst())?.status !== 'sending'
    )
      await new Promise((resolve) => setImmediate(resolve));
    await refused(id, 'bob@contoso.example');
    refuse();
    await sending;
    server.up = true;
    server.now = T + 3_600_000;
    await sender.runOnce();
    // Before, the failed copy was queued again and went out, untrue, beside the correction.
    expect(server.sent.map((mail) => mail.content.subject)).toEqual([UNDONE]);
  });
});
