import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AccountService } from './accounts/account-service.js';
import type { AccountAdminDeps } from './accounts/admin-actions.js';
import { adminRoutes } from './admin/admin-routes.js';
import { type BotChallenges, NO_BOT_CHALLENGES } from './bots/bot-challenges.js';
import { createPortalMetrics, type PortalMetrics } from './metrics/portal-metrics.js';
import './http/context-variables.js';
import type { RememberLanguage } from './accounts/remember-language.js';
import type { HeartbeatSink } from './extension-coverage/heartbeat-sink.js';
import { deviceCookie } from './http/device-cookie.js';
import { createJourneyEnd, journeyEnd } from './http/journey-end.js';
import { pageChallenges } from './http/page-challenges.js';
import { sessionCookie } from './http/session-cookie.js';
import { loadStaticAssets } from './http/static-assets.js';
import type { WebConfig } from './http/web-config.js';
import { clientIp } from './middleware/client-ip.js';
import { csrfProtection } from './middleware/csrf-protection.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
import { formContentType } from './middleware/form-content-type.js';
import { hostGuard } from './middleware/host-guard.js';
import { httpMetrics } from './middleware/http-metrics.js';
import { language } from './middleware/language.js';
import { requestId } from './middleware/request-id.js';
import { requestLogger } from './middleware/request-logger.js';
import { securityHeaders } from './middleware/security-headers.js';
import type { PasskeyService } from './recovery/passkey-service.js';
import type { SecurityInfoService } from './recovery/security-info-service.js';
import type { ResetFlowService } from './reset/reset-flow-service.js';
import { afterPasswordPage } from './routes/account-prompt.js';
import { accountRoutes } from './routes/account-routes.js';
import { assetRoutes } from './routes/asset-routes.js';
import { changePageBuilder } from './routes/change-page-model.js';
import { changeRoutes } from './routes/change-routes.js';
import { continueRoutes } from './routes/continue-routes.js';
import { extensionRoutes } from './routes/extension-routes.js';
import { healthRoute } from './routes/health-route.js';
import { heartbeatRoute } from './routes/heartbeat-route.js';
import { languageRoute } from './routes/language-route.js';
import { linkRoutes } from './routes/link-routes.js';
import { metricsRoute } from './routes/metrics-route.js';
import { newPasswordPageBuilder } from './routes/new-password-page-model.js';
import { passkeyRoutes } from './routes/passkey-routes.js';
import { resetRoutes } from './routes/reset-routes.js';
import { signInRoutes } from './routes/signin-routes.js';
import type { Readiness } from './store/check-readiness.js';
import type { Database } from './store/database-schema.js';
import type { PageFrame } from './views/page-frame.js';

export interface AppDeps {
  /** `PortalConfig` fits as is; the web layer reads only these fields. */
  config: WebConfig;
  accounts: AccountService;
  /**
   * The proof of work /reset asks for, and /signin and /change from an address that keeps failing
   * (runtime.ts makes it; server.ts passes it). Without it no form asks for one: web-layer tests.
   */
  challenges?: BotChallenges;
  logger: Logger;
  /** Security info (/account) and the registration prompts after a new password; without it neither is served. */
  security?: SecurityInfoService;
  /** The reset flow behind /reset (prove methods, then a new password or an unlock); without it /reset is not served. */
  resets?: ResetFlowService;
  /** Passkeys: registered in security info, signing in to it and to /signin; they need `security` too. */
  passkeys?: PasskeyService;
  /** Answers /readyz (database reachable, schema current); without it /readyz says `checked: false`. */
  checkReadiness?: () => Promise<Readiness>;
  /**
   * The process's metrics, shared with the sync worker and the mail sender (runtime.ts makes them).
   * With config.metrics.enabled and none given, the app keeps its own (HTTP metrics only).
   */
  metrics?: PortalMetrics;
  /** Records the browser extension's heartbeats (POST /extension/heartbeat); without it the route is absent. */
  heartbeats?: HeartbeatSink;
  /** The portal's database: the admin console keeps its sessions here; without it /admin is off. */
  db?: Kysely<Database>;
  /** The portal's clock (tests move it); the admin console's session limits and the journeys' cookies (way back, outcome page) are judged by it. Default: the real one. */
  now?: () => Date;
  /** Stores the language a person used, for their mails (absent: mails use defaultLanguage). */
  rememberLanguage?: RememberLanguage;
  /** What the admin console's actions take (the CLI's admin functions: database, full config, mail sealer); without it /admin is off. */
  adminDeps?: AccountAdminDeps;
  /** Wakes the sync worker and the mail sender after a console action queued work for them. */
  wake?: () => void;
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
  const assets = loadStaticAssets(config.organisation.logoPath, config.branding, {
    messageOverrides: config.messages ?? {},
    policy: config.policy,
  });
  // Passkeys are offered only where every part is there: security info, a policy and publicUrl that allow
  // them (PasskeyService.enabled), and the island that runs the browser's side.
  const passkeys = deps.security !== undefined && deps.passkeys?.enabled === true ? deps.passkeys : null;
  const frame: PageFrame = {
    organisationName: config.organisation.name,
    logoHref: assets.logo?.href ?? null,
    supportText: config.organisation.supportText,
    supportUrl: config.organisation.supportUrl,
    demo: config.demo,
    cssHref: assets.css.href,
    brandCssHref: assets.brandCss?.href ?? null,
    passkeyIslandSrc: passkeys === null ? null : (assets.passkeyIsland?.href ?? null),
    passwordIsland: assets.islandData?.frame ?? null,
  };
  if (assets.island === null) {
    logger.warn('the password-fields island is not built (npm run build): pages work, without live ticks');
  }
  if (passkeys !== null && assets.passkeyIsland === null) {
    logger.warn('the passkey island is not built (npm run build): no page offers a passkey');
  }
  if (deps.challenges !== undefined && assets.challengeIsland === null) {
    logger.warn(
      'the challenge island is not built (npm run build): forms that ask for a proof of work cannot be sent',
    );
  }

  const metrics = config.metrics.enabled ? (deps.metrics ?? createPortalMetrics()) : null;
  // Probes and scrapes address an instance by its IP, not by the portal's name. Metrics without a
  // token stay under the portal's own name: under any name, a page elsewhere could read them through
  // DNS rebinding (its host name pointed at this server answers under that name).
  const openScrape = metrics !== null && config.metrics.bearerToken !== null;
  const anyHostPaths = ['/healthz', '/readyz', ...(openScrape ? ['/metrics'] : [])];

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

  // Before every page: each is worded in the language chosen here (docs/admin.md "Languages").
  app.use(language({ defaultLanguage: config.defaultLanguage ?? 'en', overrides: config.messages ?? {} }));
  app.route('/', languageRoute({ https }));

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
  // The app's clock, as everything else a form leads to: a token's age is counted on the clock it was issued by.
  const nowMs = (): number => (deps.now?.() ?? new Date()).getTime();
  app.use(csrfProtection({ secretKey: config.secretKey, publicUrl: config.publicUrl, now: nowMs }));

  app.use(
    journeyEnd(
      createJourneyEnd({
        secretKey: config.secretKey,
        publicUrl: config.publicUrl,
        tenants: config.tenants ?? [],
        now: nowMs,
      }),
    ),
  );
  app.get('/', (c) => c.redirect('/change', 302));
  const { accounts } = deps;
  const { policy } = config;
  const islandSrc = assets.island?.href ?? null;
  const device = deviceCookie({ secretKey: config.secretKey, publicUrl: config.publicUrl });
  const challenges = pageChallenges(
    deps.challenges ?? NO_BOT_CHALLENGES,
    assets.challengeIsland?.href ?? null,
  );
  const newPasswordPage = newPasswordPageBuilder({ frame, policy, islandSrc });
  const session = sessionCookie(config.publicUrl);
  const account = sessionCookie(config.publicUrl, 'pg_account');
  const { security } = deps;
  const afterPassword = security && afterPasswordPage({ security, account });
  app.route(
    '/',
    changeRoutes({
      accounts,
      policy,
      frame,
      changePage: changePageBuilder({ frame, policy, islandSrc }),
      device,
      challenges,
      afterPassword,
      rememberLanguage: deps.rememberLanguage,
    }),
  );
  app.route(
    '/',
    signInRoutes({
      accounts,
      policy,
      frame,
      session,
      newPasswordPage,
      device,
      challenges,
      afterPassword,
    }),
  );
  const { resets } = deps;
  if (resets)
    app.route(
      '/',
      resetRoutes({
        accounts,
        resets,
        policy,
        frame,
        linkMinutes: config.links.resetMinutes,
        challenges,
        flowCookie: sessionCookie(config.publicUrl, 'pg_reset'),
        device,
        newPasswordPage,
        afterPassword,
      }),
    );
  app.route('/', linkRoutes({ accounts, policy, frame, newPasswordPage, afterPassword }));
  if (security)
    app.route(
      '/',
      accountRoutes({ accounts, security, policy, frame, session, account, device, challenges }),
    );
  app.route('/', continueRoutes({ frame }));
  app.route('/', adminRoutes({ deps, frame, policy }));
  if (security && passkeys !== null)
    app.route(
      '/',
      passkeyRoutes({
        passkeys,
        security,
        policy,
        frame,
        publicUrl: config.publicUrl,
        session,
        account,
        challenges,
      }),
    );

  app.notFound(notFoundHandler(frame));
  app.onError(errorHandler({ logger, frame, policy: config.policy }));
  return app;
}
