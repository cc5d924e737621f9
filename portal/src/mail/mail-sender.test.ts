import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { enqueueMail } from './enqueue-mail.js';
import { createMailSender } from './mail-sender.js';
import type { MailTransport, OutgoingMail } from './mail-transport.js';

const sealer = createSealer(randomBytes(32), 'mail');
let store: Store;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-mail-')), 'db.sqlite'));
});
afterEach(() => store.close());

/** Which of the database's three files hold any 16-byte stretch of `secret`. */
async function filesHolding(secret: Buffer): Promise<string[]> {
  const found: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    const bytes = await readFile(`${store.path}${suffix}`).catch(() => Buffer.alloc(0));
    for (let at = 0; at + 16 <= secret.length; at += 16) {
      if (bytes.includes(secret.subarray(at, at + 16))) {
        found.push(`db.sqlite${suffix}`);
        break;
      }
    }
  }
  return found;
}

describe('createMailSender()', () => {
  it('leaves no copy of a sent mail in the database, WAL or SHM file', async () => {
    // A long mail: its sealed payload spills onto overflow pages, which the wipe frees whole.
    const link = `https://portal.example/reset/confirm?token=${randomBytes(32).toString('hex')}`;
    const content = { subject: 'Reset your password', text: `${link}\n${'x'.repeat(6000)}`, html: link };
    const id = await store.db
      .transaction()
      .execute((trx) =>
        enqueueMail(
          trx,
          { userId: null, kind: 'reset', to: 'ann@t.example', content, now: Date.now() },
          sealer,
        ),
      );
    const row = await store.db
      .selectFrom('mail_queue')
      .select('payload')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const sealed = Buffer.from(row.payload ?? []);
    // What SQLite's automatic checkpoint does every 1000 pages: the queued payload moves to the main file.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
    expect(await filesHolding(sealed)).toEqual(['db.sqlite']);

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
      sealer,
      walScrubber: store.walScrubber,
      transport,
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      pollIntervalMs: 1000,
    });
    expect(await sender.runOnce()).toBe(1);
    expect(sent.map((mail) => mail.content.html)).toEqual([link]);
    // Freed overflow pages are zeroed (secure_delete), and the WAL holding their old images is truncated.
    expect(await filesHolding(sealed)).toEqual([]);
    expect(await filesHolding(Buffer.from(link))).toEqual([]);
  });

  it('reports each delivery attempt: sent, retrying, and given up', async () => {
    const queue = (to: string) =>
      store.db
        .transaction()
        .execute((trx) =>
          enqueueMail(
            trx,
            { userId: null, kind: 'reset', to, content: { subject: 's', text: 't', html: 'h' }, now: 0 },
            sealer,
          ),
        );
    await queue('ann@t.example');
    await queue('bob@t.example');
    const settled: string[] = [];
    const transport: MailTransport = {
      kind: 'smtp',
      send: async (mail) => {
        if (mail.to === 'bob@t.example') throw new Error('550 mailbox unavailable');
      },
      close: () => undefined,
    };
    let at = 0;
    const sender = createMailSender({
      db: store.db,
      sealer,
      walScrubber: store.walScrubber,
      transport,
      logger: pino({ level: 'silent' }),
      now: () => new Date(at),
      pollIntervalMs: 1000,
      maxAttempts: 2,
      metrics: { mailSettled: (kind, outcome) => settled.push(`${kind} ${outcome}`) },
    });
    expect(await sender.runOnce()).toBe(2);
    expect(settled.sort()).toEqual(['reset retrying', 'reset sent']);
    at = 24 * 3_600_000;
    expect(await sender.runOnce()).toBe(1);
    expect(settled.at(-1)).toBe('reset failed');
  });

  it('leases a mail for the time it is given while sending it, and sends it once', async () => {
    await store.db.transaction().execute((trx) =>
      enqueueMail(
        trx,
        {
          userId: null,
          kind: 'reset',
          to: 'ann@t.example',
          content: { subject: 's', text: 't', html: 'h' },
          now: 0,
        },
        sealer,
      ),
    );
    const at = 5_000;
    const leases: (number | null)[] = [];
    const transport: MailTransport = {
      kind: 'smtp',
      send: async () => {
        const row = await store.db.selectFrom('mail_queue').select('lease_until').executeTakeFirstOrThrow();
        leases.push(row.lease_until);
      },
      close: () => undefined,
    };
    const sender = createMailSender({
      db: store.db,
      sealer,
      walScrubber: store.walScrubber,
      transport,
      logger: pino({ level: 'silent' }),
      now: () => new Date(at),
      pollIntervalMs: 1000,
      leaseMs: 300_000,
    });
    expect(await sender.runOnce()).toBe(1);
    expect(await sender.runOnce()).toBe(0);
    expect(leases).toEqual([at + 300_000]);
  });
});
