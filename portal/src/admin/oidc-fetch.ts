import { rootCertificates } from 'node:tls';
import type { CustomFetch } from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';

function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * The fetch openid-client uses to reach the identity provider: Node's roots plus the admin's extra CA
 * (an internal Keycloak, the demo's emulator), verification always on. Redirects are not followed:
 * an OIDC endpoint that redirects is misconfigured, and following it could leak the client secret.
 */
export function oidcFetch(caCertificates: string | null, timeoutMs: number): CustomFetch {
  const ca = [...rootCertificates, ...splitPemCertificates(caCertificates ?? '')];
  const dispatcher = new Agent({
    connect: { ca, timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return async function fetchFromIdentityProvider(url, options) {
    const response = await undiciFetch(url, {
      method: options.method,
      headers: options.headers as Record<string, string>,
      body: options.body as string | null | undefined,
      redirect: 'manual',
      signal: options.signal,
      dispatcher,
    });
    // undici's Response is the WHATWG one Node's global fetch also returns; only the type packages differ.
    return response as unknown as Response;
  };
}
