import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createWakeablePause } from '../queue/wakeable-pause.js';
import type { Sealer } from '../crypto/sealer.js';
import type { Database, MailQueueTable } from '../store/database-schema.js';
import { claimMail } from '../store/port/claim-mail.js';
import type { WalScrubber } from '../store/wal-scrubber.js';
import type { MailContent } from './compose-mail.js';
import { mailSealContext } from './enqueue-mail.js';
import type { MailTransport } from './mail-transport.js';

export type MailOutcome = 'sent' | 'retrying' | 'failed';

/** What the mail sender reports to monitoring (PortalMetrics). */
export interface MailMetrics {
  /** One delivery attempt ended: sent, failed and to be retried, or given up. */
  mailSettled(kind: MailQueueTable['kind'], outcome: MailOutcome): void;
}

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
  /**
   * Resolves a claimed `reset_request` row (the account is looked at here, off the request) and deletes
   * it in the same transaction; returns words for the log. Without it such rows wait.
   */
  resolveRequest?: (task: { id: string; attempts: number; plaintext: string }) => Promise<string>;
  metrics?: MailMetrics;
}

export interface MailSender {
  start(): void;
  /** Stops the loop (runOnce still works: tests drive the queue by hand). */
  stop(): Promise<void>;
  /** A mail was queued: send now rather than at the next poll. */
  wake(): void;
  /** One round: claims every due mail and tries it once (with the mails that reset requests claimed in it
   * turned into), then scrubs the WAL. Returns how many mails were tried; resolving a request is not counted. */
  runOnce(): Promise<number>;
}

interface QueuedRow {
  id: string;
  kind: MailQueueTable['kind'];
  to: string;
  payload: Uint8Array | null;
  attempts: number;
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

  async function claim(): Promise<QueuedRow[]> {
    const claimed = await claimMail(db, {
      now: now().getTime(),
      leaseMs,
      limit: 20,
      withRequests: options.resolveRequest !== undefined,
    });
    return claimed.map((m) => ({
      id: m.id,
      kind: m.kind,
      to: m.to_address,
      payload: m.payload,
      attempts: m.attempts,
    }));
  }

  async function deliver(mail: QueuedRow): Promise<void> {
    const log = logger.child({ mailId: mail.id, attempt: mail.attempts });
    try {
      if (mail.payload === null) throw new Error('payload already wiped');
      const plaintext = sealer.open(mail.payload, mailSealContext(mail.id));
      if (mail.kind === 'reset_request' && options.resolveRequest !== undefined) {
        const outcome = await options.resolveRequest({ id: mail.id, attempts: mail.attempts, plaintext });
        log.info({ outcome }, 'reset request resolved');
        return;
      }
      const content = JSON.parse(plaintext) as MailContent;
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
      options.metrics?.mailSettled(mail.kind, final ? 'failed' : 'retrying');
      return;
    }
    await db
      .updateTable('mail_queue')
      .set({ status: 'sent', payload: null, lease_until: null, last_error: null, sent_at: now().getTime() })
      .where('id', '=', mail.id)
      .where('attempts', '=', mail.attempts)
      .execute();
    log.info('mail sent');
    options.metrics?.mailSettled(mail.kind, 'sent');
  }

  async function runRound(): Promise<number> {
    let tried = 0;
    for (;;) {
      const rows = await claim();
      await Promise.all(rows.map(deliver));
      const requests = rows.filter((row) => row.kind === 'reset_request').length;
      tried += rows.length - requests;
      // A resolved request queued its mail just now: send it in this round, not at the next poll.
      if (requests === 0) break;
    }
    // After the round, not per mail: one checkpoint covers every payload this round wiped.
    await options.walScrubber.scrub();
    return tried;
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
