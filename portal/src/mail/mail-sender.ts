import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Sealer } from '../crypto/sealer.js';
import { createQueue } from '../queue/create-queue.js';
import type { Attempt, RunResult, TaskKind } from '../queue/task-kind.js';
import type { Database, MailQueueTable } from '../store/database-schema.js';
import { type ClaimedMail, claimMail, settleMail } from '../store/port/claim-mail.js';
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
  /** How long a mail being sent stays reserved (default 60 s): a crashed sender's mail goes out after this. */
  leaseMs?: number;
  /** Give up after this many attempts (default 20: about a day with the backoff below). */
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
  /** One round: claims up to 20 due mails, oldest first, and tries each once (with the mails that reset
   * requests claimed in it turned into), then scrubs the WAL. Returns how many mails were tried; resolving
   * a request is not counted. A test that waits for one mail behind more than 20 others calls it again. */
  runOnce(): Promise<number>;
}

/** Mails sent at once; also the most claimed per round. */
const CONCURRENCY = 20;

/** 30 s, 1 min, 2 min … up to 3 h (each jittered): an SMTP outage is usually minutes, sometimes hours. */
const MAIL_BACKOFF = { firstMs: 30_000, maxMs: 3 * 3_600_000 };

/** Delivers the mail queue. Sending never blocks a request: the request only commits the row. */
export function createMailSender(options: MailSenderOptions): MailSender {
  const { db, sealer, transport, logger, now } = options;
  const maxAttempts = options.maxAttempts ?? 20;

  /** Sends one claimed mail (or resolves a reset request into one) and records how it went. */
  async function send(mail: ClaimedMail, attempt: Attempt): Promise<RunResult> {
    const log = logger.child({ mailId: mail.id, attempt: mail.attempts });
    // A reset request is a step: resolving it queues the mail (if any) that runOnce then sends too.
    const result: RunResult = mail.kind === 'reset_request' ? 'handed-on' : 'done';
    try {
      if (mail.payload === null) throw new Error('payload already wiped');
      const plaintext = sealer.open(mail.payload, mailSealContext(mail.id));
      if (mail.kind === 'reset_request' && options.resolveRequest !== undefined) {
        const outcome = await options.resolveRequest({ id: mail.id, attempts: mail.attempts, plaintext });
        log.info({ outcome }, 'reset request resolved');
        return result;
      }
      const content = JSON.parse(plaintext) as MailContent;
      await transport.send({ id: mail.id, to: mail.to_address, content });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      const final = mail.attempts >= maxAttempts || mail.payload === null;
      const nextAttemptAt = now().getTime() + attempt.backoffMs();
      await settleMail(
        db,
        mail,
        final ? { status: 'failed', error: message } : { status: 'queued', nextAttemptAt, error: message },
      );
      log[final ? 'error' : 'warn']({ reason: message }, final ? 'mail given up' : 'mail will be retried');
      options.metrics?.mailSettled(mail.kind, final ? 'failed' : 'retrying');
      return result;
    }
    await settleMail(db, mail, { status: 'sent', at: now().getTime() });
    log.info('mail sent');
    options.metrics?.mailSettled(mail.kind, 'sent');
    return 'done';
  }

  const mails: TaskKind<ClaimedMail> = {
    name: 'mail',
    claim: (request) =>
      claimMail(db, {
        now: request.now,
        leaseMs: request.leaseMs,
        limit: request.limit,
        withRequests: options.resolveRequest !== undefined,
        skipIds: request.busyIds,
      }),
    // Mails need no order among themselves: each stands alone.
    keyOf: () => null,
    run: send,
  };
  return createQueue(mails, {
    concurrency: CONCURRENCY,
    leaseMs: options.leaseMs ?? 60_000,
    pollIntervalMs: options.pollIntervalMs,
    backoff: MAIL_BACKOFF,
    walScrubber: options.walScrubber,
    logger,
    now,
  });
}
