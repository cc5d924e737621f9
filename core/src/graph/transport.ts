import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, ProxyAgent, request } from 'undici';

export interface TransportOptions {
  proxyUrl?: string;
  /** Extra trusted CA certificates (PEM), added to Node's built-in roots, never replacing them. */
  caCertificates?: string;
  timeoutMs: number;
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

export type TransportFailureKind = 'timeout' | 'network' | 'aborted';

/** A request that got no HTTP answer. Its message names the host, never a header or body. */
export class TransportError extends Error {
  readonly kind: TransportFailureKind;
  constructor(kind: TransportFailureKind, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.kind = kind;
  }
}

export interface Transport {
  send(req: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * The one way core reaches the network: Graph calls and MSAL's token calls both come here, so a
 * proxy, an extra CA and the timeout apply to every request alike.
 */
export function createTransport(options: TransportOptions): Transport {
  const ca = [...rootCertificates, ...splitPemCertificates(options.caCertificates ?? '')];
  // Built once: given `ca` instead, every new TLS connection parses the ~140 roots again on the event
  // loop (tens of ms each, seen in the portal's CPU profile under load).
  const secureContext = createSecureContext({ ca });
  const timeouts = {
    connectTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  };
  const dispatcher: Dispatcher = options.proxyUrl
    ? new ProxyAgent({
        uri: options.proxyUrl,
        requestTls: { secureContext },
        proxyTls: { secureContext },
        ...timeouts,
      })
    : new Agent({ connect: { secureContext, timeout: options.timeoutMs }, ...timeouts });

  async function send(req: TransportRequest): Promise<TransportResponse> {
    const host = new URL(req.url).host;
    // One deadline for the whole exchange (connect, headers and body), on top of undici's own.
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    try {
      const response = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body ?? null,
        signal,
        dispatcher,
      });
      const body = await response.body.text();
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
    } catch (error) {
      if (req.signal?.aborted) throw new TransportError('aborted', `request to ${host} was cancelled`, error);
      const code = (error as { code?: string }).code ?? '';
      if (deadline.aborted || code.includes('TIMEOUT')) {
        throw new TransportError('timeout', `no answer from ${host} within ${options.timeoutMs} ms`, error);
      }
      const reason = code || (error as Error).name;
      throw new TransportError('network', `could not reach ${host} (${reason})`, error);
    }
  }

  return {
    send,
    async close(): Promise<void> {
      await dispatcher.close();
    },
  };
}
