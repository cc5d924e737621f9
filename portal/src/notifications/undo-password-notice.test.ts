import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
import { createMailSender } from '../mail/mail-sender.js';
import type { MailTransport, OutgoingMail } from '../mail/mail-transport.js';
import { openStore, type Store } from '../store/open-store.js';
import { queueSecurityNotice } from './queue-security-notice.js';
import { undoPasswordNotice } from './undo-password-notice.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const T = Date.parse('2026-03-02T09:00:00Z');
const config = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});
const deps = { config, mailSealer: createSealer(config.secretKey, 'mail') };
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('undoPasswordNotice()', () => {
  // Microsoft 365 and the mail server were both out: the "changed" notice failed its first attempt while
  // the password waited, then Microsoft 365 refused the password.
  it('withdraws a "password changed" notice whose first attempt failed, and says the change did not happen', async () => {
    const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(T));
    const user = { id, email: 'ann@contoso.example', display_name: null };
    await store.db
      .transaction()
      .execute((trx) =>
        queueSecurityNotice(
          trx,
          deps,
          user,
          { kind: 'password_changed', way: { kind: 'change' } },
          { at: T, sendAt: T + 3_000 },
        ),
      );
    let mailServerUp = false;
    const sent: OutgoingMail[] = [];
    const transport: MailTransport = {
      kind: 'smtp',
      close: () => undefined,
      async send(mail) {
        if (!mailServerUp) throw new Error('421 service not available');
        sent.push(mail);
      },
    };
    let now = T + 3_000;
    const sender = createMailSender({
      db: store.db,
      sealer: deps.mailSealer,
      walScrubber: store.walScrubber,
      transport,
      logger: pino({ level: 'silent' }),
      now: () => new Date(now),
      pollIntervalMs: 1000,
    });
    expect(await sender.runOnce()).toBe(1);
    await store.db
      .transaction()
      .execute((trx) =>
        undoPasswordNotice(trx, deps, { user_id: id, upn: user.email, created_at: T }, T + 10_000),
      );
    mailServerUp = true;
    now = T + 3_600_000;
    await sender.runOnce();
    // Before, the failed copy stayed queued and went out, untrue, with nothing after it.
    expect(sent.map((mail) => mail.content.subject)).toEqual([
      'The password change of your Passgate account did not take effect',
    ]);
  });

  it('withdraws a copy being sent when the password is refused: its failed delivery is not tried again', async () => {
    const id = await addUser(store.db, { email: 'bob@contoso.example', password: null }, new Date(T));
    const user = { id, email: 'bob@contoso.example', display_name: null };
    await store.db
      .transaction()
      .execute((trx) =>
        queueSecurityNotice(
          trx,
          deps,
          user,
          { kind: 'password_changed', way: { kind: 'change' } },
          { at: T },
        ),
      );
    let refuse = (): void => undefined;
    let mailServerUp = false;
    const sent: OutgoingMail[] = [];
    const transport: MailTransport = {
      kind: 'smtp',
      close: () => undefined,
      async send(mail) {
        if (!mailServerUp) {
          // Microsoft 365 refuses the password while this copy is on the wire; then the delivery fails.
          await new Promise<void>((resolve) => {
            refuse = resolve;
          });
          throw new Error('421 service not available');
        }
        sent.push(mail);
      },
    };
    let now = T;
    const sender = createMailSender({
      db: store.db,
      sealer: deps.mailSealer,
      walScrubber: store.walScrubber,
      transport,
      logger: pino({ level: 'silent' }),
      now: () => new Date(now),
      pollIntervalMs: 1000,
    });
    const sending = sender.runOnce();
    // Waits for the copy to be claimed (a condition, not a time).
    while (
      (await store.db.selectFrom('mail_queue').select('status').executeTakeFirst())?.status !== 'sending'
    )
      await new Promise((resolve) => setImmediate(resolve));
    await store.db
      .transaction()
      .execute((trx) =>
        undoPasswordNotice(trx, deps, { user_id: id, upn: user.email, created_at: T }, T + 10_000),
      );
    refuse();
    await sending;
    mailServerUp = true;
    now = T + 3_600_000;
    await sender.runOnce();
    // Before, the failed copy was queued again and went out, untrue, beside the correction.
    expect(sent.map((mail) => mail.content.subject)).toEqual([
      'The password change of your Passgate account did not take effect',
    ]);
  });
});
