import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testResetDeps } from '../../test-support/reset-deps.js';
import { addUser } from '../accounts/user-directory.js';
import { createMailSender } from '../mail/mail-sender.js';
import type { MailTransport, OutgoingMail } from '../mail/mail-transport.js';
import { openStore, type Store } from '../store/open-store.js';
import { queueRequestRow, resolveQueuedRequest } from './queued-flow-code.js';
import type { ResetDeps } from './reset-deps.js';

const at = Date.parse('2026-03-02T09:00:00Z');
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

function resetDeps(db: Store['db']): ResetDeps {
  return testResetDeps(db, () => new Date(at));
}

/** One round of the mail sender, resolving `reset_request` rows as the portal's does; returns what it sent. */
async function sendOnce(deps: ResetDeps): Promise<OutgoingMail[]> {
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = {
    kind: 'smtp',
    send: async (mail) => {
      sent.push(mail);
    },
    close: () => undefined,
  };
  const sender = createMailSender({
    db: store.db,
    sealer: deps.mailSealer,
    walScrubber: store.walScrubber,
    transport,
    logger: pino({ level: 'silent' }),
    now: () => new Date(at),
    pollIntervalMs: 1000,
    resolveRequest: (task) => resolveQueuedRequest(deps, task),
  });
  await sender.runOnce();
  return sent;
}

describe('resolveQueuedRequest()', () => {
  // A rolling upgrade: a newer portal queues a request this mail sender has no words or code for. It must
  // stay queued for a newer sender (retried with backoff), saying why, not be taken, dropped or misread.
  it.each([
    [
      'a request of a type it does not know',
      { type: 'some_later_request', email: 'ann@contoso.example', at },
    ],
    [
      'the notice of a ceiling it does not know',
      { type: 'ceiling_notice', email: 'ann@contoso.example', at, ceiling: 'some_later_ceiling' },
    ],
  ])('leaves %s queued, to be retried later, with a clear reason', async (_, request) => {
    await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
    const deps = resetDeps(store.db);
    await store.db.transaction().execute((trx) => queueRequestRow(trx, request, deps.mailSealer, at));

    expect(await sendOnce(deps)).toEqual([]);
    const rows = await store.db
      .selectFrom('mail_queue')
      .select(['kind', 'status', 'attempts', 'next_attempt_at', 'last_error', 'payload'])
      .execute();
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({ kind: 'reset_request', status: 'queued', attempts: 1 });
    expect(row?.payload).not.toBeNull();
    expect(Number(row?.next_attempt_at)).toBeGreaterThan(at);
    expect(row?.last_error).toMatch(
      /^a (request of type|notice of the) some_later_\w+ (ceiling )?is unknown to this version/,
    );
    // Nothing else was done with it: no audit row of a reset link asked for, no mail.
    const events = await store.db
      .selectFrom('audit_events')
      .select('event_type')
      .where('event_type', '=', 'user_password_reset_request')
      .execute();
    expect(events).toEqual([]);
  });
});
