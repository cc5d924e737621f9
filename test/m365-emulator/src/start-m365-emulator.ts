import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DirectoryAuditLog } from './audit-log.js';
import type { EmulatorContext, Exchange } from './context.js';
import { routeControl } from './control-api.js';
import { changePasswordElsewhere } from './control-drift.js';
import { Directory } from './directory.js';
import { FaultQueue } from './faults.js';
import { graphErrorBody, readBody, sendJson } from './http-util.js';
import { createOidcProvider, type OidcProviderHandle } from './oidc-provider.js';
import { organisationControls } from './organisation-controls.js';
import { routeMicrosoft } from './route-microsoft.js';
import { ThrottleBuckets } from './throttle.js';
import { generateEmulatorCertificates } from './tls.js';
import type { EmulatorRequest, M365Emulator, StartM365EmulatorOptions } from './types.js';

const FAULT_CODES: Record<number, string> = {
  // Graph's general throttling answer (learn.microsoft.com/graph/throttling): 429 TooManyRequests + Retry-After.
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** Starts a local HTTPS stand-in for Entra ID's token endpoint and the Graph users API. */
export async function startM365Emulator(options: StartM365EmulatorOptions = {}): Promise<M365Emulator> {
  const baseNow = options.now ?? Date.now;
  let clockOffset = 0;
  const now = (): number => baseNow() + clockOffset;
  const directory = new Directory(now);
  const faults = new FaultQueue();
  const log: EmulatorRequest[] = [];
  const pendingDelays = new Set<NodeJS.Timeout>();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ctx: EmulatorContext = {
    directory,
    now,
    wallNow: baseNow,
    signingKey: privateKey,
    signingPublicKey: publicKey,
    keyId: randomUUID(),
    throttle: new ThrottleBuckets(),
    recordRequest: (entry) => log.push(entry),
    auditLog: new DirectoryAuditLog(now),
  };
  const certificates = await generateEmulatorCertificates();
  const server = createServer({ key: certificates.serverKeyPem, cert: certificates.serverCertificatePem });
  let port = 0;
  let emulator: M365Emulator;
  let oidc: OidcProviderHandle | null = null;

  server.on('request', (req, res) => {
    void (async () => {
      const host = req.headers.host ?? `127.0.0.1:${port}`;
      const url = new URL(req.url ?? '/', `https://${host}`);
      const body = await readBody(req);
      const header = (name: string): string | null => {
        const value = req.headers[name];
        return typeof value === 'string' ? value : null;
      };
      const entry: EmulatorRequest = {
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        status: 0,
        at: now(),
        // MSAL sends its correlation id as a query parameter on token requests; Graph callers as a header.
        clientRequestId: header('client-request-id') ?? url.searchParams.get('client-request-id'),
        throttlePriority: header('x-ms-throttle-priority'),
        tenantId: null,
        clientId: null,
        body: null,
      };
      const requestId = randomUUID();
      const exchange: Exchange = {
        req,
        res,
        url,
        origin: `https://${host}`,
        requestId,
        clientRequestId: entry.clientRequestId,
        body,
        log: entry,
      };
      if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/'))
        return routeControl(emulator, directory, exchange);
      // The demo's identity provider for the admin console: its own issuer, outside Entra's paths.
      if (oidc?.route(exchange)) return;

      log.push(entry);
      res.setHeader('request-id', requestId);
      if (entry.clientRequestId) res.setHeader('client-request-id', entry.clientRequestId);
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
      const fault = faults.next(url.pathname);
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'delay' || fault?.kind === 'lateApply') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            pendingDelays.delete(timer);
            resolve();
          }, fault.ms);
          pendingDelays.add(timer);
        });
        const gone = res.destroyed || req.socket.destroyed;
        if (gone && fault.kind === 'delay') return;
        if (gone) {
          // The caller stopped waiting, but the request reached the service: it is carried out all the
          // same, and its answer goes nowhere (the hazard a client timeout leaves behind).
          res.on('error', () => undefined);
          routeMicrosoft(ctx, exchange, port);
          return;
        }
      }
      if (fault?.kind === 'status') {
        const headers: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        const message =
          fault.status === 429
            ? 'Too many requests: retry after the time in Retry-After (injected fault).'
            : 'The service is temporarily unavailable (injected fault).';
        sendJson(
          res,
          fault.status,
          graphErrorBody(
            FAULT_CODES[fault.status] ?? 'UnknownError',
            message,
            requestId,
            entry.clientRequestId,
            now(),
          ),
          headers,
        );
        return;
      }
      if (fault?.kind === 'graphError') {
        const message = 'Injected error (emulator fault).';
        sendJson(
          res,
          fault.status,
          graphErrorBody(fault.code, message, requestId, entry.clientRequestId, now()),
        );
        return;
      }
      if (fault?.kind === 'nextLink') exchange.nextLinkOverride = fault.nextLink;
      routeMicrosoft(ctx, exchange, port);
    })().catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'EmulatorError', message: (error as Error).message } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = (options.host ?? '127.0.0.1').includes(':')
    ? `[${options.host}]`
    : (options.host ?? '127.0.0.1');
  const origin = `https://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${port}`;

  oidc = createOidcProvider(origin, now, { issuerSlash: options.oidcIssuerSlash ?? false });
  emulator = {
    origin,
    oidc: oidc.api,
    caCertificatePem: certificates.caCertificatePem,
    cloud: { authorityHost: origin, graphBaseUrl: origin },
    addTenant: (input) => directory.addTenant(input),
    addApp: (tenantId, input) => directory.addApp(tenantId, input),
    addUser: (tenantId, input) => directory.addUser(tenantId, input),
    getUser: (tenantId, idOrUpn) => directory.view(tenantId, idOrUpn),
    verifyPassword: (tenantId, idOrUpn, password) => directory.verifyPassword(tenantId, idOrUpn, password),
    passwordHistory: (tenantId, idOrUpn, candidates) =>
      directory.passwordHistory(tenantId, idOrUpn, candidates),
    requests: () => log.map((entry) => ({ ...entry })),
    changePasswordElsewhere: (tenantId, idOrUpn, change) =>
      changePasswordElsewhere(directory, ctx.auditLog, tenantId, idOrUpn, change),
    directoryAudits: (tenantId) =>
      ctx.auditLog
        .kept(directory.requireTenant(tenantId).id)
        .map((entry) => structuredClone(entry.record))
        .reverse(),
    setThrottle: (limit) => ctx.throttle.set(limit),
    injectFaults: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    ...organisationControls(directory),
    async close(): Promise<void> {
      for (const timer of pendingDelays) clearTimeout(timer);
      pendingDelays.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return emulator;
}
