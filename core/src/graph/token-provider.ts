import type { ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import { loadClientCertificate } from './client-certificate.js';
import type { CloudEndpoints } from './clouds.js';
import type { ParsedM365ClientConfig } from './config-schema.js';
import { M365Error } from './m365-error.js';
import { createMsalNetworkClient } from './msal-network-client.js';
import { type Transport, TransportError } from './transport.js';
import type { GraphLogger } from './types.js';

export interface TokenProvider {
  /** A Graph access token; `forceRefresh` skips MSAL's cache (after Graph said the token is invalid). */
  getToken(forceRefresh?: boolean): Promise<string>;
}

function aadstsCode(message: string | undefined): string | undefined {
  return message?.match(/AADSTS\d+/)?.[0];
}

/** One MSAL confidential client per M365 client, so its in-memory token cache is reused. */
export function createTokenProvider(
  config: ParsedM365ClientConfig,
  cloud: CloudEndpoints,
  transport: Transport,
  logger: GraphLogger | undefined,
): TokenProvider {
  const authorityUrl = new URL(cloud.authorityHost);
  // Checked when the config was parsed; read again here for what MSAL signs with.
  const certificate = config.clientCertificate ? loadClientCertificate(config.clientCertificate) : undefined;
  let lastFailure: TransportError | undefined;
  let lastStatus = 0;
  // The AADSTS code of the last refused Entra call: MSAL hides it when discovery itself is
  // refused (an unknown tenant fails at openid-configuration, reported as endpoints_resolution_error).
  let lastAadsts: string | undefined;
  const network = createMsalNetworkClient(transport);
  const observed = {
    async sendGetRequestAsync<T>(url: string, options?: Parameters<typeof network.sendGetRequestAsync>[1]) {
      return observe(() => network.sendGetRequestAsync<T>(url, options));
    },
    async sendPostRequestAsync<T>(url: string, options?: Parameters<typeof network.sendPostRequestAsync>[1]) {
      return observe(() => network.sendPostRequestAsync<T>(url, options));
    },
  };
  async function observe<R extends { status: number }>(call: () => Promise<R>): Promise<R> {
    try {
      const response = await call();
      lastStatus = response.status;
      if (response.status >= 400) {
        const description = (response as { body?: { error_description?: unknown } }).body?.error_description;
        lastAadsts = typeof description === 'string' ? aadstsCode(description) : undefined;
      }
      return response;
    } catch (error) {
      if (error instanceof TransportError) lastFailure = error;
      throw error;
    }
  }

  // MSAL (and msal-common under it) is loaded at the first token request, not with the client: a
  // process that builds clients but never calls Graph (most CLI commands, a config check) never holds
  // it. One place loads it, once per client.
  let msal: Promise<ConfidentialClientApplication> | undefined;
  async function loadMsal(): Promise<ConfidentialClientApplication> {
    const { ConfidentialClientApplication, LogLevel } = await import('@azure/msal-node');
    const msalConfig: Configuration = {
      auth: {
        clientId: config.clientId,
        authority: `${cloud.authorityHost}/${config.tenantId}`,
        // Declaring the host as known stops MSAL's instance discovery call to login.microsoftonline.com:
        // the only host contacted is the configured authority (its openid-configuration, then the token).
        knownAuthorities: [authorityUrl.host],
        ...(config.clientSecret !== undefined ? { clientSecret: config.clientSecret } : {}),
        ...(certificate ? { clientCertificate: certificate } : {}),
      },
      system: {
        networkClient: observed,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message) => logger?.warn({ component: 'msal' }, message),
        },
      },
    };
    return new ConfidentialClientApplication(msalConfig);
  }
  const scopes = [`${cloud.graphBaseUrl}/.default`];

  async function acquire(forceRefresh: boolean): Promise<string> {
    lastFailure = undefined;
    lastStatus = 0;
    lastAadsts = undefined;
    try {
      msal ??= loadMsal();
      const app = await msal;
      const result = await app.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh });
      if (!result?.accessToken) throw new Error('MSAL returned no access token');
      return result.accessToken;
    } catch (error) {
      throw mapTokenError(error, lastFailure, lastStatus, lastAadsts);
    }
  }

  // Calls that start together share one acquisition: a burst of queued jobs on a cold cache
  // makes one token request, not one each (and the failure bookkeeping above stays per request).
  let inflight: { promise: Promise<string>; forced: boolean } | undefined;
  return {
    getToken(forceRefresh = false): Promise<string> {
      // A forced refresh must not reuse a cache read that may hand back the refused token.
      if (inflight && (inflight.forced || !forceRefresh)) return inflight.promise;
      const promise = acquire(forceRefresh).finally(() => {
        if (inflight?.promise === promise) inflight = undefined;
      });
      inflight = { promise, forced: forceRefresh };
      return promise;
    },
  };
}

function mapTokenError(
  error: unknown,
  transportFailure: TransportError | undefined,
  lastStatus: number,
  lastAadsts: string | undefined,
): M365Error {
  const msal = error as { errorCode?: string; errorMessage?: string; status?: number };
  const status = msal.status ?? (lastStatus || undefined);
  if (transportFailure) {
    return new M365Error('UNAVAILABLE', `token request failed: ${transportFailure.message}`, {
      cause: transportFailure,
    });
  }
  if (status !== undefined && status >= 500) {
    return new M365Error('UNAVAILABLE', `the sign-in service answered ${status}`, { status, cause: error });
  }
  if (status === 429) {
    return new M365Error('THROTTLED', 'the sign-in service is throttling this app', { status, cause: error });
  }
  const aadsts = aadstsCode(msal.errorMessage) ?? lastAadsts;
  const detail = [msal.errorCode, aadsts].filter(Boolean).join(', ');
  return new M365Error(
    'AUTH_FAILED',
    `Microsoft refused the app's credentials${detail ? ` (${detail})` : ''}: check tenantId, clientId and the secret or certificate`,
    { ...(status !== undefined ? { status } : {}), ...(aadsts ? { graphCode: aadsts } : {}), cause: error },
  );
}
