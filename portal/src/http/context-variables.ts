import type { Logger } from 'pino';

/**
 * What middleware hands to handlers, typed once for the whole app. Every entry is set by a
 * middleware that runs before any route (see app.ts), so handlers may read them without checks.
 */
declare module 'hono' {
  interface ContextVariableMap {
    /** Ours, never the client's (middleware/request-id.ts); sent back as `X-Request-Id`, logged with every line. */
    requestId: string;
    /** The caller's address, from the socket or (only with trustProxy) X-Forwarded-For. */
    clientIp: string;
    /** The request-scoped logger (child of the app logger, carrying the request id). */
    log: Logger;
    /** The CSRF token to put in this response's forms. */
    csrfToken: string;
  }
}
