import { backoffMs, type GraphRequester } from './graph-request.js';
import { M365Error } from './m365-error.js';
import { type GraphOperation, mapGraphError, retryAfterMs } from './map-graph-error.js';
import { sleep } from './sleep.js';
import type { CallOptions } from './types.js';

/** "JSON batch requests are currently limited to 20 individual requests" (Graph, json-batching). */
export const MAX_BATCH_REQUESTS = 20;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;
const RETRYABLE = new Set([429, 503, 504]);

export interface BatchRequest {
  /** Unique among the requests given to runBatches(). */
  id: string;
  method: 'GET' | 'PATCH' | 'POST';
  /** Relative to the version root, e.g. /users/ann@contoso.com. */
  url: string;
  body?: unknown;
}

export interface BatchAnswer {
  id: string;
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
  /** The batch's client-request-id, for the admin's log. */
  clientRequestId: string;
  /** The batch itself failed (status 0): this request's outcome is unknown, and this is why. */
  error?: M365Error;
}

function readAnswers(text: string, clientRequestId: string): Map<string, BatchAnswer> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const responses = (parsed as { responses?: unknown }).responses;
  if (!Array.isArray(responses)) return null;
  const answers = new Map<string, BatchAnswer>();
  for (const entry of responses as Record<string, unknown>[]) {
    if (typeof entry?.id !== 'string' || typeof entry.status !== 'number') return null;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((entry.headers ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string') headers[name.toLowerCase()] = value;
    }
    answers.set(entry.id, {
      id: entry.id,
      status: entry.status,
      headers,
      body: entry.body ?? null,
      clientRequestId,
    });
  }
  return answers;
}

/** One POST /$batch. Graph's throttling page says a batch holding a throttled request may itself answer 424: its answers are read all the same. */
async function sendBatch(
  graph: GraphRequester,
  operation: GraphOperation,
  requests: readonly BatchRequest[],
  options: CallOptions,
): Promise<Map<string, BatchAnswer>> {
  const response = await graph({
    operation,
    method: 'POST',
    path: '/$batch',
    body: {
      requests: requests.map((r) => ({
        id: r.id,
        method: r.method,
        url: r.url,
        ...(r.body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: r.body }),
      })),
    },
    acceptStatuses: [424],
    options,
  });
  const clientRequestId = response.headers['client-request-id'] ?? '';
  const answers = readAnswers(response.body, clientRequestId);
  if (answers === null) {
    throw new M365Error(
      'UNEXPECTED',
      `${operation}: Graph answered the JSON batch with no readable responses`,
      {
        status: response.status,
        clientRequestId,
      },
    );
  }
  return answers;
}

/**
 * Sends the requests in JSON batches of 20, one batch at a time. Requests Graph throttled (429, or
 * 503/504) are sent again in a new batch after the longest Retry-After among them (backing off
 * exponentially when none is given), as Graph's throttling guidance asks; after `maxRetries`, or when
 * Microsoft asks to wait longer than `maxRetryWaitMs`, their last answer is returned as it is.
 */
export async function runBatches(
  graph: GraphRequester,
  operation: GraphOperation,
  requests: readonly BatchRequest[],
  options: CallOptions & { now: () => number },
): Promise<Map<string, BatchAnswer>> {
  const { now, ...callOptions } = options;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxWait = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
  const results = new Map<string, BatchAnswer>();
  for (let start = 0; start < requests.length; start += MAX_BATCH_REQUESTS) {
    let pending = requests.slice(start, start + MAX_BATCH_REQUESTS);
    for (let attempt = 0; pending.length > 0; attempt++) {
      let answers: Map<string, BatchAnswer>;
      try {
        answers = await sendBatch(graph, operation, pending, callOptions);
      } catch (error) {
        if (!(error instanceof M365Error)) throw error;
        // The batch as a whole failed (after the requester's own retries): what is done stays done
        // and reported; this batch and the ones not yet sent end with its error, and nothing more is sent.
        for (const request of [...pending, ...requests.slice(start + MAX_BATCH_REQUESTS)]) {
          results.set(request.id, {
            id: request.id,
            status: 0,
            headers: {},
            body: null,
            clientRequestId: error.clientRequestId ?? '',
            error,
          });
        }
        return results;
      }
      const throttled: BatchRequest[] = [];
      let wait = 0;
      for (const request of pending) {
        const answer = answers.get(request.id) ?? {
          id: request.id,
          status: 0,
          headers: {},
          body: null,
          clientRequestId: '',
        };
        results.set(request.id, answer);
        if (!RETRYABLE.has(answer.status)) continue;
        throttled.push(request);
        const asked = retryAfterMs({ status: answer.status, headers: answer.headers, body: '' }, now());
        wait = Math.max(wait, asked ?? backoffMs(attempt));
      }
      if (throttled.length === 0 || attempt >= maxRetries || wait > maxWait) break;
      await sleep(wait, options.signal);
      pending = throttled;
    }
  }
  return results;
}

/** A failed answer as the M365Error the same request would have thrown alone. */
export function answerError(operation: GraphOperation, answer: BatchAnswer, now: number): M365Error {
  if (answer.error !== undefined) return answer.error;
  if (answer.status === 0) {
    return new M365Error('UNEXPECTED', `${operation}: Graph's batch answer left this request out`, {
      clientRequestId: answer.clientRequestId,
    });
  }
  const response = { status: answer.status, headers: answer.headers, body: JSON.stringify(answer.body) };
  const wait = RETRYABLE.has(answer.status) ? retryAfterMs(response, now) : undefined;
  return mapGraphError(response, {
    operation,
    clientRequestId: answer.clientRequestId,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  });
}
