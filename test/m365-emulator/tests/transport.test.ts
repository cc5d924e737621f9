import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { createM365Client, M365Error } from '@passgate/core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { rejectionOf, type SeededTenant, seedContoso } from './fixture.js';

/** A minimal forward proxy that only tunnels (CONNECT) and records where each tunnel went. */
async function startConnectProxy(): Promise<{ url: string; targets: string[]; server: Server }> {
  const targets: string[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req, clientSocket, head) => {
    const target = req.url ?? '';
    targets.push(target);
    const [host = '', port = '443'] = target.split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, targets, server };
}

describe('the one transport (proxy, extra CA, timeout)', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;

  beforeAll(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('sends token and Graph calls through the proxy, and nowhere but the configured hosts', async () => {
    const proxy = await startConnectProxy();
    const client = createM365Client({ ...tenant.config, proxyUrl: proxy.url });
    try {
      await client.setAccountEnabled(tenant.aliceId, true);
      expect((await client.getUser(tenant.aliceId))?.accountEnabled).toBe(true);
    } finally {
      await client.close();
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
    const emulatorHost = new URL(emulator.origin).host;
    expect(proxy.targets.length).toBeGreaterThan(0);
    expect(new Set(proxy.targets)).toEqual(new Set([emulatorHost]));
    // Discovery (openid-configuration) and the token went through the proxy too.
    const viaProxy = emulator
      .requests()
      .filter((r) => r.path.includes('openid-configuration') || r.path.includes('/token'));
    expect(viaProxy.length).toBeGreaterThanOrEqual(2);
  });

  it('trusts the emulator only through the extra CA, adding to (not replacing) the system roots', async () => {
    const { caCertificates: _ca, ...withoutCa } = tenant.config;
    const untrusting = createM365Client(withoutCa);
    try {
      const error = await rejectionOf(untrusting.checkAccess());
      expect(error).toBeInstanceOf(M365Error);
      expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      await untrusting.close();
    }
    const trusting = createM365Client(tenant.config);
    try {
      expect((await trusting.checkAccess()).usersReadable).toBe(true);
    } finally {
      await trusting.close();
    }
  });

  it('ends a stalled 30 s response as UNAVAILABLE within the configured timeout', async () => {
    const client = createM365Client({ ...tenant.config, timeoutMs: 2_000 });
    try {
      await client.getUser(tenant.aliceId); // token cached, so the stall hits Graph
      emulator.injectFaults({ kind: 'delay', ms: 30_000, count: 1 });
      const started = Date.now();
      const error = await rejectionOf(client.getUser(tenant.aliceId));
      expect(error).toMatchObject({ code: 'UNAVAILABLE' });
      expect((error as Error).message).toContain('2000 ms');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await client.close();
    }
  });
});
