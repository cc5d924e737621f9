import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip.js';

function appFor(trustProxy: boolean): Hono {
  const app = new Hono();
  app.use(clientIp({ trustProxy }));
  app.get('/', (c) => c.text(c.var.clientIp));
  return app;
}

const socketEnv = { incoming: { socket: { remoteAddress: '10.0.0.5' } } };
const forwarded = { 'X-Forwarded-For': '203.0.113.9, 198.51.100.7' };

describe('clientIp()', () => {
  it('uses the socket address and ignores X-Forwarded-For by default', async () => {
    const response = await appFor(false).request('/', { headers: forwarded }, socketEnv);
    expect(await response.text()).toBe('10.0.0.5');
  });

  it('behind a trusted proxy, takes the address the proxy appended (the rightmost)', async () => {
    const response = await appFor(true).request('/', { headers: forwarded }, socketEnv);
    expect(await response.text()).toBe('198.51.100.7');
  });

  it('falls back to the socket when a trusted proxy sent no header', async () => {
    expect(await (await appFor(true).request('/', {}, socketEnv)).text()).toBe('10.0.0.5');
  });
});
