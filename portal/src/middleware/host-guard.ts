import type { MiddlewareHandler } from 'hono';
import { portalHosts } from '../http/portal-origins.js';
import { RefusalException } from '../http/refusal-exception.js';

export interface HostGuardOptions {
  /** The portal's public address: requests naming any other host are refused. */
  publicUrl: string;
  /** Paths answered for any host name (a load balancer's health probe by IP). */
  anyHostPaths?: readonly string[];
}

/**
 * Refuses a request whose Host is not the portal's own (421, WRONG_HOST), before anything else reads it.
 * A page served under an attacker's host name (DNS rebinding: evil.example resolving to the portal's
 * address) would run the attacker's script in the same origin as the portal's forms. A reverse proxy
 * must pass the client's Host on (nginx: `proxy_set_header Host $host`).
 */
export function hostGuard(options: HostGuardOptions): MiddlewareHandler {
  const allowed = portalHosts(options.publicUrl);
  const anyHost = new Set(options.anyHostPaths ?? []);
  return async function hostGuard(c, next) {
    // @hono/node-server builds the URL from the Host header (and the socket's scheme).
    const url = new URL(c.req.url);
    if (!allowed.has(url.host) && !anyHost.has(url.pathname)) {
      c.var.log?.warn({ host: url.host.slice(0, 100) }, 'request for another host name refused');
      throw new RefusalException('WRONG_HOST');
    }
    await next();
  };
}
