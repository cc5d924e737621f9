import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Transport } from './transport.js';

function parseJson(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    // MSAL reads error fields from the body; a non-JSON answer (a proxy's HTML page) becomes an
    // empty object and MSAL reports the status instead.
    return {};
  }
}

/**
 * MSAL's `system.networkClient`, built on core's transport so token requests take the same proxy,
 * extra CA and timeout as Graph calls (msal-node 7 has no proxy option of its own).
 */
export function createMsalNetworkClient(transport: Transport): INetworkModule {
  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
  ): Promise<NetworkResponse<T>> {
    const headers = { ...(options?.headers ?? {}) };
    if (method === 'POST' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=utf-8';
    }
    const response = await transport.send({
      method,
      url,
      headers,
      ...(options?.body === undefined ? {} : { body: options.body }),
    });
    return { status: response.status, headers: response.headers, body: parseJson(response.body) as T };
  }

  return {
    sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return send<T>('GET', url, options);
    },
    sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return send<T>('POST', url, options);
    },
  };
}
