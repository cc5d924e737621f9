import { randomUUID } from 'node:crypto';
import type { Exchange } from './context.js';
import { sendJson } from './http-util.js';

/**
 * Entra's OAuth error shape (error, error_description starting with the AADSTS code, error_codes,
 * trace and correlation ids), as msal-node parses it.
 */
export function sendAadError(
  exchange: Exchange,
  status: number,
  error: string,
  aadsts: number,
  description: string,
  now: number,
): void {
  const traceId = randomUUID();
  const correlationId = exchange.clientRequestId ?? randomUUID();
  const timestamp = new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  sendJson(exchange.res, status, {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${exchange.origin}/error?code=${aadsts}`,
  });
}
