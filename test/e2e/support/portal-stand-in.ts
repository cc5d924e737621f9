import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PortalStandIn {
  url: string;
  /** Request targets (path and query) the portal received, in order. */
  requested: string[];
  close(): Promise<void>;
}

/**
 * A minimal portal for the redirect tests: real HTTP on 127.0.0.1 that records what it was asked
 * for. The journey test uses the real portal (test/support/start-portal.ts) instead.
 */
export async function startPortalStandIn(): Promise<PortalStandIn> {
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    requested.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Passgate portal (stand-in)</title><h1>Passgate portal</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
