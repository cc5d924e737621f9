import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ChangeOutcome } from '../accounts/account-service.js';
import type { MailMetrics, MailOutcome } from '../mail/mail-sender.js';
import type { JobOutcome, SyncMetrics } from '../sync/sync-worker.js';
import type { QueueDepths } from './read-queue-depths.js';

export interface RequestSample {
  method: string;
  /** The route pattern that answered (`/link/:token`), never the URL: bounded, and no tokens in labels. */
  route: string;
  status: number;
  seconds: number;
}

/**
 * The portal's Prometheus metrics, in a registry of their own (never prom-client's global one, so
 * several apps in one process, as in tests, do not collide). Labels hold only fixed vocabularies:
 * outcomes, stable codes, route patterns, tenant names from config; never an address, a token or an
 * e-mail address.
 */
export interface PortalMetrics extends SyncMetrics, MailMetrics {
  readonly registry: Registry;
  /** A password change, expired sign-in or link ended: applied, queued, or refused with its first code. */
  changeSettled(outcome: ChangeOutcome): void;
  requestServed(sample: RequestSample): void;
  /** The exposition text; the queue gauges are read from the database now. */
  render(): Promise<string>;
  /** The Content-Type of render()'s text. */
  readonly contentType: string;
}

export interface PortalMetricsOptions {
  /** Reads the shared queues (see readQueueDepths); without it the queue gauges are left out. */
  readQueues?: () => Promise<QueueDepths>;
  /** Add prom-client's process and Node.js metrics (CPU, memory, event-loop lag): once per process. */
  processMetrics?: boolean;
  now?: () => number;
  /** When each tenant's Graph client certificate expires (certificateExpiries(config.tenants)). */
  certificates?: readonly { tenant: string; notAfter: Date }[];
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function createPortalMetrics(options: PortalMetricsOptions = {}): PortalMetrics {
  const registry = new Registry();
  const now = options.now ?? Date.now;
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  // Only registered when they can be read: a gauge nobody sets would report a misleading 0.
  const queueRegisters = options.readQueues === undefined ? [] : registers;

  const outboxJobs = new Gauge({
    name: 'passgate_outbox_jobs',
    help: 'Outbox jobs waiting for Microsoft 365 (queued) or being applied (running), by job kind',
    labelNames: ['kind', 'status'] as const,
    registers: queueRegisters,
  });
  const outboxOldest = new Gauge({
    name: 'passgate_outbox_oldest_job_age_seconds',
    help: 'Age of the oldest outbox job in this state (0 when there is none)',
    labelNames: ['kind', 'status'] as const,
    registers: queueRegisters,
  });
  const mailQueue = new Gauge({
    name: 'passgate_mail_queue_mails',
    help: 'Mails waiting to be sent (queued) or being sent (sending)',
    labelNames: ['status'] as const,
    registers: queueRegisters,
  });
  const mailOldest = new Gauge({
    name: 'passgate_mail_queue_oldest_age_seconds',
    help: 'Age of the oldest mail in this state (0 when there is none)',
    labelNames: ['status'] as const,
    registers: queueRegisters,
  });
  const databaseUp = new Gauge({
    name: 'passgate_database_up',
    help: '1 when this scrape read the queues from the database, 0 when that failed',
    registers: queueRegisters,
  });
  // Set once: the certificate is read at start, and a new one takes a restart. An expired one is still
  // reported (the portal serves on, but pushes nothing), so an alert on it is the safeguard. Every instance
  // reports the same date, so an alert takes the min across them.
  const certificateExpiry = new Gauge({
    name: 'passgate_graph_certificate_expiry_timestamp_seconds',
    help: "When the tenant's Graph client certificate expires (Unix time): from then on Microsoft 365 refuses the portal (AUTH_FAILED). Only tenants signing in with a certificate file (clientCertificate.path) have a series",
    labelNames: ['tenant'] as const,
    registers,
  });
  for (const { tenant, notAfter } of options.certificates ?? [])
    certificateExpiry.set({ tenant }, notAfter.getTime() / 1000);
  const graphJobs = new Counter({
    name: 'passgate_graph_job_outcomes_total',
    help: 'Outbox jobs the sync worker settled in Microsoft 365 (Graph): done, failed (final), retrying, superseded; code is the failure code',
    labelNames: ['outcome', 'code'] as const,
    registers,
  });
  const paused = new Counter({
    name: 'passgate_graph_paused_seconds_total',
    help: 'Seconds a tenant was paused by Microsoft (code THROTTLED: 429 with Retry-After; UNAVAILABLE, AUTH_FAILED). The pause is shared by all instances and each second is counted once, by the instance whose answer extended it: sum over instances',
    labelNames: ['tenant', 'code'] as const,
    registers,
  });
  const changes = new Counter({
    name: 'passgate_password_changes_total',
    help: 'Password changes, expired sign-ins and link sets ended: applied, queued, or refused (code: the first reason)',
    labelNames: ['outcome', 'code'] as const,
    registers,
  });
  const mails = new Counter({
    name: 'passgate_mails_total',
    help: 'Mail delivery attempts by outcome: sent, retrying (failed, will retry), failed (given up)',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const requests = new Histogram({
    name: 'passgate_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  async function readQueues(read: () => Promise<QueueDepths>): Promise<void> {
    let depths: QueueDepths;
    try {
      depths = await read();
    } catch {
      // No stale numbers: an absent series and passgate_database_up 0 say what happened.
      for (const gauge of [outboxJobs, outboxOldest, mailQueue, mailOldest]) gauge.reset();
      databaseUp.set(0);
      return;
    }
    const at = now();
    const age = (oldest: number | null): number => (oldest === null ? 0 : Math.max(0, (at - oldest) / 1000));
    for (const { kind, status, group } of depths.outbox) {
      outboxJobs.set({ kind, status }, group.count);
      outboxOldest.set({ kind, status }, age(group.oldestCreatedAt));
    }
    for (const { status, group } of depths.mail) {
      mailQueue.set({ status }, group.count);
      mailOldest.set({ status }, age(group.oldestCreatedAt));
    }
    databaseUp.set(1);
  }

  return {
    registry,
    contentType: registry.contentType,
    jobSettled(outcome: JobOutcome): void {
      graphJobs.inc({ outcome: outcome.status, code: 'code' in outcome ? outcome.code : '' });
    },
    tenantPaused(tenant: string, code: string, seconds: number): void {
      if (seconds > 0) paused.inc({ tenant, code }, seconds);
    },
    mailSettled(kind: string, outcome: MailOutcome): void {
      mails.inc({ kind, outcome });
    },
    changeSettled(outcome: ChangeOutcome): void {
      const code = outcome.status === 'refused' ? (outcome.refusals[0]?.code ?? '') : '';
      changes.inc({ outcome: outcome.status, code });
    },
    requestServed(sample: RequestSample): void {
      const method = KNOWN_METHODS.has(sample.method) ? sample.method : 'OTHER';
      requests.observe({ method, route: sample.route, status: String(sample.status) }, sample.seconds);
    },
    async render(): Promise<string> {
      if (options.readQueues !== undefined) await readQueues(options.readQueues);
      return registry.metrics();
    },
  };
}
