import { dirname, join, resolve } from 'node:path';
import { createM365Client, type M365Client } from '@passgate/core/graph';
import { loadCommonPasswords } from '@passgate/core/policy/common-passwords';
import type { Logger } from 'pino';
import type { AccountService } from './accounts/account-service.js';
import type { AccountAdminDeps } from './accounts/admin-actions.js';
import { createAccountService } from './accounts/create-account-service.js';
import { type BotChallenges, createBotChallenges } from './bots/bot-challenges.js';
import { certificateExpiries } from './config/certificate-expiry.js';
import { configWarnings } from './config/config-warnings.js';
import type { PortalConfig } from './config/portal-config.js';
import { dummyHash } from './crypto/password-hasher.js';
import { createSealer } from './crypto/sealer.js';
import { createLogger } from './log/create-logger.js';
import { createMailSender, type MailSender } from './mail/mail-sender.js';
import { createMailTransport, type WrittenMail } from './mail/mail-transport.js';
import { countChangeOutcomes } from './metrics/count-change-outcomes.js';
import { createPortalMetrics, type PortalMetrics } from './metrics/portal-metrics.js';
import { readQueueDepths } from './metrics/read-queue-depths.js';
import { createPasskeys } from './recovery/create-passkeys.js';
import { createSecurityInfo } from './recovery/create-security-info.js';
import type { PasskeyService } from './recovery/passkey-service.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery/recovery-deps.js';
import type { SecurityInfoService } from './recovery/security-info-service.js';
import { createResetFlows } from './reset/create-reset-flows.js';
import { resolveQueuedRequest } from './reset/queued-flow-code.js';
import type { ResetFlowService } from './reset/reset-flow-service.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';
import { isPostgresUrl } from './store/database-url.js';
import { openStore, type Store } from './store/open-store.js';
import { createSyncWorker, type SyncWorker } from './sync/sync-worker.js';

export interface OpenPortalOptions {
  logger?: Logger;
  now?: () => Date;
  /** Run the sync worker in this process (default true). */
  startWorker?: boolean;
  /** Run the mail sender and the scheduler in this process (default: as startWorker). */
  startBackground?: boolean;
  /** Called for each mail written to the mail folder (no SMTP configured): the demo prints them. */
  onMailWritten?: (mail: WrittenMail) => void;
}

/** Everything the portal runs on, without an HTTP server: server.ts and tests put one in front. */
export interface Portal {
  config: PortalConfig;
  accounts: AccountService;
  store: Store;
  worker: SyncWorker;
  mailSender: MailSender;
  scheduler: Scheduler;
  /** The proof of work asked on /reset, and on /signin and /change from an address that keeps failing. */
  challenges: BotChallenges;
  /** Security info (/account): sign-in with a second factor, registering and removing recovery methods. */
  security: SecurityInfoService;
  /** Passkeys: registering them in security info, signing in with them at /account and /signin. */
  passkeys: PasskeyService;
  /** The reset flow behind /reset: methods proven, then a new password or an unlock. */
  resets: ResetFlowService;
  /** What the recovery functions (portal/src/recovery) take. */
  recovery: RecoveryDeps;
  /** What the admin actions (expireUser, suspendUser …) take. */
  adminDeps: AccountAdminDeps;
  /** Where mails go when no SMTP is configured (.eml files). */
  mailDir: string;
  /** Microsoft 365 clients by tenant name. */
  clients: ReadonlyMap<string, M365Client>;
  /** This process's Prometheus metrics, or null when config.metrics.enabled is false. */
  metrics: PortalMetrics | null;
  logger: Logger;
  /** The portal's clock (OpenPortalOptions.now, else the real one). */
  now: () => Date;
  close(): Promise<void>;
}

/** Opens the database (migrating it), builds one Microsoft 365 client per tenant and starts the worker. */
export async function openPortal(config: PortalConfig, options: OpenPortalOptions = {}): Promise<Portal> {
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const now = options.now ?? (() => new Date());
  const store = await openStore(config.database, {
    logger: logger.child({ component: 'store' }),
    poolSize: config.databasePoolSize,
  });
  const clients = new Map<string, M365Client>();
  for (const tenant of config.tenants) {
    clients.set(
      tenant.name,
      createM365Client(tenant.graph, { logger: logger.child({ tenant: tenant.name }) }),
    );
  }
  // Read from their files once (the config load checked them): for the metrics and the warnings below.
  const certificates = certificateExpiries(config.tenants);
  const metrics = config.metrics.enabled
    ? createPortalMetrics({
        readQueues: () => readQueueDepths(store.db),
        processMetrics: true,
        now: () => now().getTime(),
        certificates,
      })
    : null;
  const sealer = createSealer(config.secretKey, 'outbox');
  const mailSealer = createSealer(config.secretKey, 'mail');
  const worker = createSyncWorker({
    db: store.db,
    clients,
    sealer,
    walScrubber: store.walScrubber,
    logger: logger.child({ component: 'sync' }),
    now,
    concurrency: config.sync.concurrency,
    leaseMs: config.sync.leaseSeconds * 1000,
    pollIntervalMs: config.sync.pollIntervalMs,
    maxBackoffMs: config.sync.maxBackoffSeconds * 1000,
    notices: { config, mailSealer },
    ...(metrics ? { metrics } : {}),
  });
  // Beside the SQLite file; with PostgreSQL (a URL, no folder of ours) in the working directory.
  const mailDir =
    config.mailDir ??
    (isPostgresUrl(config.database) ? resolve('mail') : join(dirname(config.database), 'mail'));
  const transport = createMailTransport(
    config,
    mailDir,
    logger.child({ component: 'mail' }),
    options.onMailWritten,
  );
  const mailSender = createMailSender({
    db: store.db,
    sealer: mailSealer,
    walScrubber: store.walScrubber,
    transport,
    logger: logger.child({ component: 'mail' }),
    now,
    pollIntervalMs: Math.max(config.sync.pollIntervalMs, 1000),
    leaseMs: config.mailQueue.leaseSeconds * 1000,
    resolveRequest: (task) => resolveQueuedRequest({ db: store.db, config, mailSealer, now }, task),
    ...(metrics ? { metrics } : {}),
  });
  const scheduler = createScheduler({
    db: store.db,
    config,
    mailSealer,
    logger: logger.child({ component: 'scheduler' }),
    now,
    intervalMs: config.scheduler.intervalSeconds * 1000,
    leaseMs: config.scheduler.leaseSeconds * 1000,
    onWork: () => {
      worker.wake();
      mailSender.wake();
    },
    clients,
  });
  const dictionary = config.policy.disallowCommonPasswords ? loadCommonPasswords() : undefined;
  const accountDeps = {
    db: store.db,
    config,
    sealer,
    mailSealer,
    mailSender,
    worker,
    logger,
    now,
    ...(dictionary ? { dictionary } : {}),
  };
  const service = createAccountService(accountDeps);
  const recovery = createRecoveryDeps({ db: store.db, config, mailSender, now });
  const security = createSecurityInfo(accountDeps, recovery);
  const passkeys = createPasskeys(accountDeps, recovery);
  const resets = createResetFlows({ ...accountDeps, codes: recovery.codes, totpSealer: recovery.totpSealer });
  const accounts = metrics ? countChangeOutcomes(service, metrics) : service;
  // Computed now so the first request for an unknown account is not measurably slower than the rest.
  await dummyHash();
  if (options.startWorker ?? true) worker.start();
  if (options.startBackground ?? options.startWorker ?? true) {
    mailSender.start();
    scheduler.start();
  }
  // Sign in to each tenant now: a wrong secret or a missing permission shows in the log at start, not
  // on the first user's change, and the token is warm when that change comes.
  for (const [name, client] of clients) {
    client.checkAccess().then(
      () => logger.info({ tenant: name }, 'Microsoft 365 tenant reachable'),
      (error: unknown) =>
        logger.warn(
          { tenant: name, err: error },
          'Microsoft 365 tenant check failed (run: passgate tenants check)',
        ),
    );
  }
  for (const warning of configWarnings(config, now(), certificates)) logger.warn(warning);
  return {
    config,
    accounts,
    security,
    passkeys,
    resets,
    recovery,
    store,
    worker,
    mailSender,
    scheduler,
    challenges: createBotChallenges({ db: store.db, config: config.bots, secretKey: config.secretKey, now }),
    adminDeps: { db: store.db, config, mailSealer },
    mailDir,
    clients,
    metrics,
    logger,
    now,
    async close(): Promise<void> {
      await scheduler.stop();
      await mailSender.stop();
      transport.close();
      await worker.stop();
      await Promise.all([...clients.values()].map((client) => client.close()));
      await store.close();
    },
  };
}
