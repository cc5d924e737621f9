import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type { AccountService } from './accounts/account-service.js';
import { createPortalMetrics, type PortalMetrics } from './metrics/portal-metrics.js';
import './http/context-variables.js';
import type { HeartbeatSink } from './extension-coverage/heartbeat-sink.js';
import { deviceCookie } from './http/device-cookie.js';
import { sessionCookie } from './http/session-cookie.js';
import { loadStaticAssets } from './http/static-assets.js';
import type { WebConfig } from './http/web-config.js';
import { clientIp } from './middleware/client-ip.js';
import { csrfProtection } from './middleware/csrf-protection.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
import { formContentType } from './middleware/form-content-type.js';
import { hostGuard } from './middleware/host-guard.js';
import { httpMetrics } from './middleware/http-metrics.js';
import { requestId } from './middleware/request-id.js';
import { requestLogger } from './middleware/request-logger.js';
import { securityHeaders } from './middleware/security-headers.js';
import { assetRoutes } from './routes/asset-routes.js';
import { changePageBuilder } from './routes/change-page-model.js';
import { changeRoutes } from './routes/change-routes.js';
import { continueRoutes } from './routes/continue-routes.js';
import { extensionRoutes } from './routes/extension-routes.js';
import { healthRoute } from './routes/health-route.js';
import { heartbeatRoute } from './routes/heartbeat-route.js';
import { linkRoutes } from './routes/link-routes.js';
import { metricsRoute } from './routes/metrics-route.js';
import { newPasswordPageBuilder } from './routes/new-password-page-model.js';
import { resetRoutes } from './routes/reset-routes.js';
import { signInRoutes } from './routes/signin-routes.js';
import type { Readiness } from './store/check-readiness.js';
import type { PageFrame } from './views/page-frame.js';

export interface AppDeps {
  /** `PortalConfig` fits as is; the web layer reads only these fields. */
  config: WebConfig;
  accounts: AccountService;
  logger: Logger;
  /** Answers /readyz (database reachable, schema current); without it /readyz says `checked: false`. */
  checkReadiness?: () => Promise<Readiness>;
  /**
   * The process's metrics, shared with the sync worker and the mail sender (runtime.ts makes them).
   * With config.metrics.enabled and none given, the app keeps its own (HTTP metrics only).
   */
  metrics?: PortalMetrics;
  /** Records the browser extension's heartbeats (POST /extension/heartbeat); without it the route is absent. */
  heartbeats?: HeartbeatSink;
}

/** A form post is a few hundred bytes; 16 KiB leaves room for long `from` URLs and nothing more. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Builds the portal's web app. No port is bound here (server.ts listens), so tests drive it with
 * `app.request()`. Throws at once on a configuration it cannot serve (short key, unreadable logo).
 */
export function createApp(deps: AppDeps): Hono {
  const { config, logger } = deps;
  const https = new URL(config.publicUrl).protocol === 'https:';
  const assets = loadStaticAssets(config.organisation.logoPath);
  const frame: PageFrame = {
    organisationName: config.organisation.name,
    logoHref: assets.logo?.href ?? null,
    supportText: config.organisation.supportText,
    supportUrl: config.organisation.supportUrl,
    demo: config.demo,
    cssHref: assets.css.href,
  };
  if (assets.island === null) {
    logger.warn('the password-fields island is not built (npm run build): pages work, without live ticks');
  }

  const metrics = config.metrics.enabled ? (deps.metrics ?? createPortalMetrics()) : null;
  // Probes and scrapes address an instance by its IP, not by the portal's name.
  const anyHostPaths = ['/healthz', '/readyz', ...(metrics === null ? [] : ['/metrics'])];

  const app = new Hono();
  if (metrics !== null) app.use(httpMetrics({ record: (sample) => metrics.requestServed(sample) }));
  app.use(requestId());
  app.use(requestLogger(logger, { quietPaths: anyHostPaths }));
  app.use(securityHeaders({ https }));
  app.use(hostGuard({ publicUrl: config.publicUrl, anyHostPaths }));
  app.use(clientIp({ trustProxy: config.trustProxy }));

  // Static files, probes and metrics need no form protection; registered first, they answer
  // before the CSRF middleware below would set a cookie for them.
  app.route('/', assetRoutes(assets));
  app.route('/', healthRoute(deps.checkReadiness));
  if (metrics !== null) app.route('/', metricsRoute({ metrics, bearerToken: config.metrics.bearerToken }));
  app.route(
    '/',
    extensionRoutes({
      publicUrl: config.publicUrl,
      kit: config.extension,
      organisationName: config.organisation.name,
      tenantDomains: (config.tenants ?? []).flatMap((tenant) => tenant.domains),
      logger,
    }),
  );
  // Before the form middleware: the extension posts JSON, with no session and no CSRF token.
  if (deps.heartbeats !== undefined) app.route('/', heartbeatRoute(deps.heartbeats));

  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        // The rest of the body is still on the wire, unread: on a kept-alive connection the server
        // would parse it as the next request (a smuggled one, if crafted). Close it after the answer.
        c.header('Connection', 'close');
        throw new HTTPException(413);
      },
    }),
  );
  app.use(formContentType());
  app.use(csrfProtection({ secretKey: config.secretKey, publicUrl: config.publicUrl }));

  app.get('/', (c) => c.redirect('/change', 302));
  const { accounts } = deps;
  const { policy } = config;
  const islandSrc = assets.island?.href ?? null;
  const device = deviceCookie({ secretKey: config.secretKey, publicUrl: config.publicUrl });
  const newPasswordPage = newPasswordPageBuilder({ frame, policy, islandSrc });
  app.route(
    '/',
    changeRoutes({
      accounts,
      policy,
      frame,
      changePage: changePageBuilder({ frame, policy, islandSrc }),
      device,
    }),
  );
  app.route(
    '/',
    signInRoutes({
      accounts,
      policy,
      frame,
      session: sessionCookie(config.publicUrl),
      newPasswordPage,
      device,
    }),
  );
  app.route('/', resetRoutes({ accounts, frame, linkMinutes: config.links.resetMinutes }));
  app.route('/', linkRoutes({ accounts, policy, frame, newPasswordPage }));
  app.route('/', continueRoutes({ frame }));

  app.notFound(notFoundHandler(frame));
  app.onError(errorHandler({ logger, frame, policy: config.policy }));
  return app;
}
