import type { EmulatorContext, Exchange } from './context.js';
import { graphErrorBody, sendJson } from './http-util.js';

export function sendGraphError(
  ctx: EmulatorContext,
  exchange: Exchange,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    exchange.res,
    status,
    graphErrorBody(code, message, exchange.requestId, exchange.clientRequestId, ctx.now()),
    headers,
  );
}

export const INSUFFICIENT_PRIVILEGES = 'Insufficient privileges to complete the operation.';
