import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createWakeablePause } from '../background/wakeable-pause.js';
import type { Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';
import type { WalScrubber } from '../store/wal-scrubber.js';
import type { MailContent } from './compose-mail.js';
import { mailSealContext } from './enqueue-mail.js';
import type { MailTransport } from './mail-transport.js';

export interface MailSenderOptions {
  db: Kysely<Database>;
  sealer: Sealer;
  /** The store's: a sent mail's wiped payload leaves the WAL once per round (see WalScrubber). */
  walScrubber: WalScrubber;
  transport: MailTransport;
  logger: Logger;
  now: () => Date;
  pollIntervalMs: number;
  leaseMs?: number;
  /** Give up after this many attempts (default 20: about two days with the backoff below). */
  maxAttempts?: number;
}

export interface MailSender {
  start(): void;
  /** Stops the loop (runOnce still works: tests drive the queue by hand). */
  stop(): Promise<void>;
  /** A mail was queued: send now rather than at the next poll. */
  wake(): void;
  /** One round: claims every due mail, tries it once, then scrubs the WAL. Returns how many were tried. */
  runOnce(): Promise<number>;
}

/** 30 s, 1 min, 2 min … capped at 3 h: an SMTP outage is usually minutes, sometimes hours. */
export function mailBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3 * 3_600_000);
}

/** Delivers the mail queue. Sending never blocks a request: the request only commits the row. */
export function createMailSender(options: MailSenderOptions): MailSender {
  const { db, sealer, transport, logger, now } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 20;
  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  const pause = createWakeablePause();
  let round: Promise<number> = Promise.resolve(0);

  async function claim(): Promise<
    { id: string; to: string; payload: Uint8Array | null; attempts: number }[]
  > {
    const at = now().getTime();
    // One UPDATE … RETURNING: the claim is a single write, so two instances cannot take the same
    // mail and neither has a read snapshot to upgrade (which SQLite would refuse with SQLITE_BUSY).
    const due = db
      .selectFrom('mail_queue')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', at)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', at)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(20);
    const claimed = await db
      .updateTable('mail_queue')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), lease_until: at + leaseMs }))
      .where('id', 'in', due)
      .returning(['id', 'to_address', 'payload', 'attempts'])
      .execute();
    return claimed.map((m) => ({ id: m.id, to: m.to_address, payload: m.payload, attempts: m.attempts }));
  }

  async function deliver(mail: {
    id: string;
    to: string;
    payload: Uint8Array | null;
    attempts: number;
  }): Promise<void> {
    const log = logger.child({ mailId: mail.id, attempt: mail.attempts });
    try {
      if (mail.payload === null) throw new Error('payload already wiped');
      const content = JSON.parse(sealer.open(mail.payload, mailSealContext(mail.id))) as MailContent;
      await transport.send({ id: mail.id, to: mail.to, content });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      const final = mail.attempts >= maxAttempts || mail.payload === null;
      const at = now().getTime();
      await db
        .updateTable('mail_queue')
        .set(
          final
            ? { status: 'failed', payload: null, lease_until: null, last_error: message }
            : {
                status: 'queued',
                lease_until: null,
                last_error: message,
                next_attempt_at: at + mailBackoffMs(mail.attempts),
              },
        )
        .where('id', '=', mail.id)
        .where('attempts', '=', mail.attempts)
        .execute();
      log[final ? 'error' : 'warn']({ reason: message }, final ? 'mail given up' : 'mail will be retried');
      return;
    }
    await db
      .updateTable('mail_queue')
      .set({ status: 'sent', payload: null, lease_until: null, last_error: null, sent_at: now().getTime() })
      .where('id', '=', mail.id)
      .where('attempts', '=', mail.attempts)
      .execute();
    log.info('mail sent');
  }

  async function runRound(): Promise<number> {
    const mails = await claim();
    await Promise.all(mails.map(deliver));
    // After the round, not per mail: one checkpoint covers every payload this round wiped.
    await options.walScrubber.scrub();
    return mails.length;
  }

  async function loop(): Promise<void> {
    while (running) {
      let tried = 0;
      try {
        round = runRound();
        tried = await round;
      } catch (error) {
        logger.error({ err: error }, 'mail round failed');
      }
      if (!running) break;
      if (tried > 0) continue;
      await pause.sleep(options.pollIntervalMs);
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop(): Promise<void> {
      running = false;
      pause.wake();
      await loopDone;
      await round.catch(() => 0);
    },
    wake(): void {
      pause.wake();
    },
    runOnce: runRound,
  };
}
