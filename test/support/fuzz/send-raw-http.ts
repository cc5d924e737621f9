import { connect } from 'node:net';
import type { FuzzRequest } from './materialise-case.js';
import type { FuzzOutcome } from './send-in-process.js';

/**
 * Sends a request as raw HTTP/1.1 bytes over a fresh socket, so Node's own parser and the real body
 * limit see exactly what was generated (no client library tidies it up). The connection is kept
 * alive, so the server reads or discards the whole body rather than resetting the socket under its
 * own answer; the answer is parsed just far enough to know where it ends.
 */

/** Request-line and header bytes. CR and LF are escaped so one case is never two requests. */
export function encodeRawRequest(request: FuzzRequest): Buffer {
  const noBreaks = (text: string): string => text.replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const target = noBreaks(request.target).replace(/ /g, '%20');
  const method = request.method.replace(/[\s]/g, '');
  const lines = [`${method} ${target} HTTP/1.1`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${noBreaks(value)}`);
  const body = request.body;
  let payload: Buffer = Buffer.alloc(0);
  if (body !== null) {
    if (request.chunked) {
      lines.push('Transfer-Encoding: chunked');
      const chunks: Buffer[] = [];
      for (let at = 0; at < body.length; at += 4096) {
        const chunk = body.subarray(at, at + 4096);
        chunks.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), Buffer.from(chunk), Buffer.from('\r\n'));
      }
      payload = Buffer.concat([...chunks, Buffer.from('0\r\n\r\n')]);
    } else {
      lines.push(`Content-Length: ${body.length}`);
      payload = Buffer.from(body);
    }
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), payload]);
}

interface Parsed {
  status: number;
  complete: boolean;
}

/** Finds the final (non-1xx) answer's status and whether all of its body has arrived. */
function parseResponse(data: Buffer, head: boolean): Parsed | null {
  let at = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end === -1) return null;
    const lines = data.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? Number.NaN);
    if (Number.isNaN(status)) return { status: 0, complete: true };
    at = end + 4;
    if (status >= 100 && status < 200) continue;
    const header = (name: string): string | undefined =>
      lines
        .find((line) => line.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    if (head || status === 204 || status === 304) return { status, complete: true };
    if (header('transfer-encoding')?.toLowerCase().includes('chunked')) {
      return { status, complete: data.indexOf('\r\n0\r\n\r\n', at - 2) !== -1 };
    }
    const length = header('content-length');
    if (length !== undefined) return { status, complete: data.length - at >= Number(length) };
    return { status, complete: false };
  }
}

export function sendRawHttp(url: string, request: FuzzRequest, timeoutMs = 15_000): Promise<FuzzOutcome> {
  const { hostname, port } = new URL(url);
  const head = request.method.toUpperCase() === 'HEAD';
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const socket = connect({ host: hostname, port: Number(port) });
    const finish = (outcome: FuzzOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ status: 'timeout', reason: `no complete answer in ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const parsed = parseResponse(data, head);
      if (parsed?.complete) finish({ status: parsed.status });
    });
    // The server may close after answering (a parse error); whatever arrived before that is the answer.
    const ended = (reason: string): void => {
      const parsed = parseResponse(data, head);
      finish(parsed === null ? { status: 'no-response', reason } : { status: parsed.status });
    };
    socket.on('error', (error) => ended(error.message));
    socket.on('close', () => ended('connection closed'));
    socket.write(encodeRawRequest(request), () => undefined);
  });
}
