import { randomUUID } from 'node:crypto';
import { resolveGraphUrl } from './graph-link.js';
import { M365Error } from './m365-error.js';
import { type GraphOperation, mapGraphError, retryAfterMs } from './map-graph-error.js';
import { sleep } from './sleep.js';
import type { TokenProvider } from './token-provider.js';
import { type Transport, TransportError, type TransportResponse } from './transport.js';
import type { CallOptions, GraphLogger } from './types.js';

const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;
const BACKOFF_BASE_MS = 500;
const RETRYABLE = new Set([429, 503, 504]);

export interface GraphCall {
  operation: GraphOperation;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path and query after `/v1.0`, already encoded; or an absolute `@odata.nextLink`. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A value that must never leave this function in an error or a log (the password). */
  secret?: string;
  /** Error statuses returned to the caller as answers rather than thrown (a JSON batch's envelope). */
  acceptStatuses?: readonly number[];
  options?: CallOptions;
}

export type GraphRequester = (call: GraphCall) => Promise<TransportResponse>;

interface RequesterDeps {
  transport: Transport;
  tokens: TokenProvider;
  graphBaseUrl: string;
  logger: GraphLogger | undefined;
  now: () => number;
}

/** Exponential backoff with full jitter in its upper half, so many queued jobs do not retry in step. */
export function backoffMs(attempt: number): number {
  const ceiling = BACKOFF_BASE_MS * 2 ** attempt;
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Sends one Graph call: token, ids, priority, retries on 429/503/504 (and reads on a dropped connection), typed errors. */
export function createGraphRequester(deps: RequesterDeps): GraphRequester {
  return async function graphRequest(call: GraphCall): Promise<TransportResponse> {
    const options = call.options ?? {};
    const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    const maxWait = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
    // One id per call (kept across its retries) so an admin can quote it to Microsoft support.
    const clientRequestId = randomUUID();
    // Never send the bearer token to a host other than the configured Graph root.
    const url = resolveGraphUrl(deps.graphBaseUrl, call.path, { operation: call.operation, clientRequestId });
    const logPath = new URL(url).pathname;
    const context = {
      operation: call.operation,
      clientRequestId,
      ...(call.secret ? { secret: call.secret } : {}),
    };
    let refreshedToken = false;

    for (let attempt = 0; ; attempt++) {
      const token = await deps.tokens.getToken();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'client-request-id': clientRequestId,
        'return-client-request-id': 'true',
        ...(options.userInitiated ? { 'x-ms-throttle-priority': 'High' } : {}),
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
      };
      const started = deps.now();
      let response: TransportResponse;
      try {
        response = await deps.transport.send({
          method: call.method,
          url,
          headers,
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        // The caller cancelled: surface its own abort reason, as fetch() does, not a service failure.
        if (error.kind === 'aborted' && options.signal?.aborted) throw options.signal.reason;
        // A read whose connection dropped (a kept-alive socket the server closed as it was reused) is
        // safe to send again. A write is not: it may have reached Microsoft, and only the queue, which
        // knows whether a newer password exists, decides what to send next.
        // Logged at debug: a kept-alive connection closed by the server as it is reused is routine, and
        // the read goes through on the retry; a read that keeps failing is reported below as any other.
        if (call.method === 'GET' && error.kind === 'network' && attempt < maxRetries) {
          deps.logger?.debug(
            { operation: call.operation, path: logPath, clientRequestId, failure: error.kind, attempt },
            'graph read retrying after a dropped connection',
          );
          await sleep(backoffMs(attempt), options.signal);
          continue;
        }
        deps.logger?.warn(
          { operation: call.operation, path: logPath, clientRequestId, failure: error.kind },
          'graph call got no answer',
        );
        throw new M365Error('UNAVAILABLE', `${call.operation}: ${error.message}`, {
          clientRequestId,
          cause: error,
        });
      }
      const requestId = response.headers['request-id'];
      deps.logger?.debug(
        {
          operation: call.operation,
          method: call.method,
          path: logPath,
          status: response.status,
          clientRequestId,
          requestId,
          attempt,
          ms: deps.now() - started,
        },
        'graph call',
      );
      if (response.status < 400 || call.acceptStatuses?.includes(response.status)) return response;

      if (response.status === 401 && !refreshedToken) {
        // Graph rejected a token MSAL still holds as valid (clock skew, revoked): fetch a new one once.
        refreshedToken = true;
        await deps.tokens.getToken(true);
        attempt--;
        continue;
      }
      if (RETRYABLE.has(response.status)) {
        const asked = retryAfterMs(response, deps.now());
        const wait = asked ?? backoffMs(attempt);
        // A 504 is Microsoft's gateway giving up on its backend, which may still carry the write out: as
        // with a dropped connection above, sending it again here could land it after a newer one, and only
        // the queue knows. The error's retryAfterMs is Microsoft's own word only, never this backoff: the
        // queue pauses a tenant for what Microsoft asked, and backs off by itself when it asked nothing.
        if (attempt >= maxRetries || wait > maxWait || (response.status === 504 && call.method === 'PATCH')) {
          throw mapGraphError(response, {
            ...context,
            ...(asked === undefined ? {} : { retryAfterMs: asked }),
          });
        }
        deps.logger?.warn(
          {
            operation: call.operation,
            path: logPath,
            status: response.status,
            clientRequestId,
            requestId,
            attempt,
            waitMs: wait,
          },
          'graph call retrying',
        );
        await sleep(wait, options.signal);
        continue;
      }
      throw mapGraphError(response, context);
    }
  };
}
