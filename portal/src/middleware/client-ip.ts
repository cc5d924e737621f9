import type { Context, MiddlewareHandler } from 'hono';

export interface ClientIpOptions {
  /** Believe `X-Forwarded-For` (only when the portal sits behind a proxy the admin runs). */
  trustProxy: boolean;
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** Sets `c.var.clientIp`, used for per-address rate limits and the audit log. */
export function clientIp(options: ClientIpOptions): MiddlewareHandler {
  const { trustProxy } = options;
  return async function clientIp(c, next) {
    c.set('clientIp', (trustProxy ? forwardedFor(c) : undefined) ?? socketAddress(c) ?? 'unknown');
    await next();
  };
}

function socketAddress(c: Context): string | undefined {
  // @hono/node-server passes the IncomingMessage as env.incoming; app.request() in tests passes none.
  const env = c.env as NodeBindings | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

function forwardedFor(c: Context): string | undefined {
  // The rightmost entry is the one our own proxy appended; everything to its left was sent by the
  // client and could be anything, so it must never decide a rate-limit bucket.
  const entries = (c.req.header('x-forwarded-for') ?? '').split(',').map((entry) => entry.trim());
  const last = entries.at(-1);
  return last === undefined || last === '' ? undefined : last;
}
