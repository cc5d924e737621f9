import type { M365Emulator } from '../src/index.js';
import { form, type RawResponse, rawHttps } from './raw-https.js';

export interface GraphSession {
  /** The access token's payload, decoded (the emulator's own token: read, not verified). */
  claims: Record<string, unknown>;
  call(
    method: string,
    path: string,
    options?: { headers?: Record<string, string>; body?: unknown },
  ): Promise<RawResponse>;
}

/** Signs in as an app of the tenant over HTTPS and calls Graph v1.0 with its token. */
export async function graphSession(
  emulator: M365Emulator,
  tenantId: string,
  app: { clientId: string; clientSecret?: string },
): Promise<GraphSession> {
  const response = await rawHttps(
    'POST',
    `${emulator.origin}/${tenantId}/oauth2/v2.0/token`,
    emulator.caCertificatePem,
    form({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret ?? '',
      scope: `${emulator.origin}/.default`,
    }),
  );
  const token = (response.json as { access_token: string }).access_token;
  const payload = token.split('.')[1] ?? '';
  return {
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
    call: (method, path, options = {}) =>
      rawHttps(method, `${emulator.origin}/v1.0${path}`, emulator.caCertificatePem, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      }),
  };
}
