import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CapturedResponse } from './captured-response.js';
import type { EmulatorContext, Exchange } from './context.js';
import { sendGraphError } from './graph-respond.js';
import { sendJson } from './http-util.js';
import type { EmulatorRequest } from './types.js';

/** JSON batching: "JSON batch requests are currently limited to 20 individual requests". */
export const MAX_BATCH_REQUESTS = 20;

const requestSchema = z.object({
  id: z.string().min(1),
  method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
const batchSchema = z.object({ requests: z.array(requestSchema).min(1) });
type BatchRequest = z.infer<typeof requestSchema>;

/** The batch as logged: passwords inside its requests replaced, as they are for a single PATCH. */
function redacted(requests: readonly BatchRequest[]): unknown {
  return requests.map((request) => {
    const body = request.body as { passwordProfile?: Record<string, unknown> } | undefined;
    if (!body || typeof body !== 'object' || !body.passwordProfile) return request;
    return {
      ...request,
      body: { ...body, passwordProfile: { ...body.passwordProfile, password: '[REDACTED]' } },
    };
  });
}

/** Why the batch as a whole is refused (Graph answers a malformed batch with 400), or null. */
function malformed(requests: readonly BatchRequest[]): string | null {
  if (requests.length > MAX_BATCH_REQUESTS)
    return `The batch holds ${requests.length} requests; at most ${MAX_BATCH_REQUESTS} are allowed.`;
  const ids = new Set<string>();
  for (const request of requests) {
    if (ids.has(request.id)) return `The request id '${request.id}' appears more than once.`;
    ids.add(request.id);
    const headerNames = Object.keys(request.headers ?? {}).map((h) => h.toLowerCase());
    if (request.body !== undefined && !headerNames.includes('content-type'))
      return `Request '${request.id}' has a body but no Content-Type header.`;
    // Sequencing with dependsOn is not emulated: refuse it rather than ignore it.
    if (request.dependsOn !== undefined) return 'dependsOn is not supported by the emulator.';
  }
  return null;
}

/** A request of the batch as its own exchange, answered into a CapturedResponse. */
function subExchange(
  ctx: EmulatorContext,
  exchange: Exchange,
  request: BatchRequest,
): { sub: Exchange; capture: CapturedResponse } {
  const relative = request.url.startsWith('/') ? request.url : `/${request.url}`;
  const url = new URL(`/v1.0${relative}`, exchange.origin);
  const headers: Record<string, string | undefined> = {
    ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    // Every request of a batch runs as the batch's caller: the batch's own token.
    authorization: exchange.req.headers.authorization,
    host: exchange.req.headers.host,
  };
  const capture = new CapturedResponse();
  const log: EmulatorRequest = {
    method: request.method,
    path: url.pathname + url.search,
    status: 0,
    at: ctx.now(),
    clientRequestId: exchange.clientRequestId,
    throttlePriority: headers['x-ms-throttle-priority'] ?? null,
    tenantId: null,
    clientId: null,
    body: null,
    batch: { requestId: exchange.requestId, id: request.id },
  };
  const body =
    request.body === undefined
      ? ''
      : typeof request.body === 'string'
        ? Buffer.from(request.body, 'base64').toString('utf8')
        : JSON.stringify(request.body);
  const sub: Exchange = {
    req: { method: request.method, headers, url: log.path } as unknown as IncomingMessage,
    res: capture as unknown as ServerResponse,
    url,
    origin: exchange.origin,
    requestId: randomUUID(),
    clientRequestId: exchange.clientRequestId,
    body,
    log,
  };
  return { sub, capture };
}

/**
 * POST /v1.0/$batch: up to 20 requests, each dispatched through the same handlers as on its own
 * (so each is checked, throttled and logged on its own; a throttled one answers 429 with its own
 * Retry-After), answered together with 200 and a `responses` entry per request.
 */
export async function handleBatch(
  ctx: EmulatorContext,
  exchange: Exchange,
  dispatch: (sub: Exchange) => void,
): Promise<void> {
  let parsed: z.infer<typeof batchSchema>;
  try {
    parsed = batchSchema.parse(JSON.parse(exchange.body));
  } catch {
    sendGraphError(
      ctx,
      exchange,
      400,
      'BadRequest',
      'Invalid batch payload format: expected {"requests": [{"id", "method", "url", ...}]}.',
    );
    return;
  }
  exchange.log.body = { requests: redacted(parsed.requests) };
  const refusal = malformed(parsed.requests);
  if (refusal !== null) {
    sendGraphError(ctx, exchange, 400, 'BadRequest', refusal);
    return;
  }
  const responses: unknown[] = [];
  for (const request of parsed.requests) {
    const { sub, capture } = subExchange(ctx, exchange, request);
    ctx.recordRequest(sub.log);
    if (/^\/?\$batch\b/.test(request.url) || /^[a-z]+:\/\//i.test(request.url)) {
      sendGraphError(ctx, sub, 400, 'BadRequest', `Invalid request URL '${request.url}' in a batch.`);
    } else {
      try {
        dispatch(sub);
      } catch (error) {
        if (!capture.headersSent)
          sendGraphError(ctx, sub, 500, 'InternalServerError', (error as Error).message);
      }
    }
    await capture.done;
    sub.log.status = capture.statusCode;
    responses.push(capture.toBatchResponse(request.id));
  }
  sendJson(exchange.res, 200, { responses });
}
