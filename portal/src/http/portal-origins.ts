const LOOPBACK_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The origins (scheme://host:port) the portal answers as: `publicUrl`'s alone. When `publicUrl` is a
 * loopback address (the demo, a laptop), its other loopback spellings too: no one else can make a
 * browser send those names, whereas any attacker can point a name of their own at the portal's IP
 * (DNS rebinding) and would pass a check that trusted the Host header the request carried.
 */
export function portalOrigins(publicUrl: string): ReadonlySet<string> {
  const url = new URL(publicUrl);
  if (!LOOPBACK_HOSTNAMES.includes(url.hostname)) return new Set([url.origin]);
  const port = url.port === '' ? '' : `:${url.port}`;
  return new Set(LOOPBACK_HOSTNAMES.map((hostname) => `${url.protocol}//${hostname}${port}`));
}

/**
 * The Host header values (host[:port]) the portal answers to: those of portalOrigins. The scheme is
 * left out: behind a proxy that ends TLS, the portal itself is reached over plain http.
 */
export function portalHosts(publicUrl: string): ReadonlySet<string> {
  return new Set([...portalOrigins(publicUrl)].map((origin) => new URL(origin).host));
}
