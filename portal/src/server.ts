import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { rememberLanguage } from './accounts/remember-language.js';
import { createApp } from './app.js';
import { heartbeatSink } from './extension-coverage/heartbeat-sink.js';
import type { Portal } from './runtime.js';
import { checkReadiness } from './store/check-readiness.js';

/** A probe answers within this even when the database hangs (a load balancer's own timeout is longer). */
const READINESS_TIMEOUT_MS = 2_000;

export interface RunningServer {
  /** http://host:port as bound (the real port when 0 was asked for). */
  url: string;
  port: number;
  /** Stops accepting, ends open connections; does not close the portal. */
  close(): Promise<void>;
}

/** Puts the web app in front of an open portal and listens on config.host:config.port (or the overrides). */
export async function startServer(
  portal: Portal,
  listen: { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const { config, logger } = portal;
  const app = createApp({
    config,
    accounts: portal.accounts,
    challenges: portal.challenges,
    security: portal.security,
    passkeys: portal.passkeys,
    resets: portal.resets,
    logger,
    checkReadiness: () => checkReadiness(portal.store.db, READINESS_TIMEOUT_MS),
    heartbeats: heartbeatSink(portal.store.db),
    db: portal.store.db,
    now: portal.now,
    rememberLanguage: rememberLanguage(portal.store.db),
    adminDeps: portal.adminDeps,
    wake: () => {
      portal.worker.wake();
      portal.mailSender.wake();
    },
    ...(portal.metrics ? { metrics: portal.metrics } : {}),
  });
  const host = listen.host ?? config.host;
  const { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs } = config.http;
  const server = createAdaptorServer({
    fetch: app.fetch,
    hostname: host,
    serverOptions: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // Node looks for requests past these limits only this often (30 s by default, which would let a
      // slow client hold a connection for twice requestTimeout); a sweep of open connections is cheap.
      connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
    },
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? config.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, publicUrl: config.publicUrl }, 'portal listening');
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
