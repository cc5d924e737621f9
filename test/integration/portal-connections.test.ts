import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

let t: TestPortal;

beforeAll(async () => {
  t = await startTestPortal({
    users: [],
    startWorker: false,
    config: { http: { requestTimeoutMs: 400, headersTimeoutMs: 300, keepAliveTimeoutMs: 200 } },
  });
});
afterAll(() => t.close());

/** A raw connection that writes `first`, then one more byte of `drip` every 50 ms for as long as it is open. */
function slowClient(first: string, drip: string): { socket: Socket; closed: Promise<string> } {
  const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
  let received = '';
  let sent = 0;
  socket.write(first);
  const dripping = setInterval(() => {
    if (!socket.writable) return;
    socket.write(drip[sent % drip.length] ?? 'x');
    sent += 1;
  }, 50);
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => {
      clearInterval(dripping);
      resolve(received);
    });
  });
  return { socket, closed };
}

/** The condition: the server closes the connection. The bound only turns "never" into a clear failure. */
async function serverCloses(client: { socket: Socket; closed: Promise<string> }): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const never = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the server kept a dribbling connection open')), 15_000);
  });
  try {
    return await Promise.race([client.closed, never]);
  } finally {
    clearTimeout(timer);
    client.socket.destroy();
  }
}

/** Sends `request` whole on a fresh connection; resolves with what came back once the server closes it. */
function sendWhole(request: string): { socket: Socket; closed: Promise<string> } {
  const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => undefined);
  socket.write(request);
  return { socket, closed: new Promise((resolve) => socket.on('close', () => resolve(received))) };
}

describe('the HTTP server', () => {
  it('closes a kept-alive connection after answering 413, instead of reading the rest as a request', async () => {
    const host = new URL(t.url).host;
    // The oversized body ends in what looks like a second request: a server that kept reading would answer it.
    const smuggled = `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
    const body = `padding=${'x'.repeat(20_000)}`;
    const request =
      `POST /change HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}${smuggled}`;
    const received = await serverCloses(sendWhole(request));
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toMatch(/\r\nconnection: close\r\n/i);
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it('closes a connection whose request body dribbles in past http.requestTimeoutMs', async () => {
    const host = new URL(t.url).host;
    // With the form's own cookie, so the CSRF check waits for the body instead of refusing at once.
    const form = await fetch(`${t.url}/change`);
    const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
    const head =
      `POST /change HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${t.url}\r\nCookie: ${cookie}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=';
    const received = await serverCloses(slowClient(head, 'a'));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose headers dribble in past http.headersTimeoutMs', async () => {
    const host = new URL(t.url).host;
    const received = await serverCloses(slowClient(`GET /change HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `, 'a'));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });
});
