import { describe, expect, it } from 'vitest';
import { classifyGraphError, mapGraphError, retryAfterMs } from './map-graph-error.js';

function response(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

describe('classifyGraphError()', () => {
  it.each([
    ['setPassword', 400, 'Request_BadRequest', 'PASSWORD_REJECTED'],
    ['setAccountEnabled', 400, 'Request_BadRequest', 'UNEXPECTED'],
    ['getUser', 404, 'Request_ResourceNotFound', 'USER_NOT_FOUND'],
    ['getUser', 404, 'NotFound', 'UNEXPECTED'],
    ['setPassword', 403, 'Authorization_RequestDenied', 'FORBIDDEN'],
    ['listDirectoryAudits', 403, 'Authorization_RequestDenied', 'AUDIT_LOG_DENIED'],
    ['listPasswordChangeTimes', 403, 'Authorization_RequestDenied', 'FORBIDDEN'],
    ['getUser', 401, 'InvalidAuthenticationToken', 'AUTH_FAILED'],
    ['getUser', 429, 'TooManyRequests', 'THROTTLED'],
    ['getUser', 503, undefined, 'UNAVAILABLE'],
    ['getUser', 500, undefined, 'UNAVAILABLE'],
    ['getUser', 409, 'Conflict', 'UNEXPECTED'],
    ['getBranding', 404, 'Request_ResourceNotFound', 'BRANDING_NOT_FOUND'],
    ['setAccountResetUrl', 404, 'Request_ResourceNotFound', 'BRANDING_NOT_FOUND'],
    ['setAccountResetUrl', 403, 'Authorization_RequestDenied', 'FORBIDDEN'],
    ['setAccountResetUrl', 403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'LICENCE_REQUIRED'],
  ] as const)('%s %i %s -> %s', (operation, status, code, expected) => {
    expect(classifyGraphError(operation, status, code)).toBe(expected);
  });
});

describe('mapGraphError()', () => {
  it('takes the request-id from innerError, else from the header', () => {
    const withInner = mapGraphError(
      response(
        404,
        {
          error: {
            code: 'Request_ResourceNotFound',
            message: 'gone',
            innerError: { 'request-id': 'r-body' },
          },
        },
        { 'request-id': 'r-head' },
      ),
      { operation: 'getUser', clientRequestId: 'c-1' },
    );
    expect(withInner).toMatchObject({
      code: 'USER_NOT_FOUND',
      requestId: 'r-body',
      clientRequestId: 'c-1',
      status: 404,
    });
    const fromHeader = mapGraphError(response(502, '<html>bad gateway</html>', { 'request-id': 'r-head' }), {
      operation: 'getUser',
      clientRequestId: 'c-2',
    });
    expect(fromHeader).toMatchObject({ code: 'UNAVAILABLE', requestId: 'r-head' });
  });

  it('redacts the secret if a server ever quotes it back', () => {
    const error = mapGraphError(
      response(400, { error: { code: 'Request_BadRequest', message: 'bad: Hunter-22!' } }),
      {
        operation: 'setPassword',
        clientRequestId: 'c',
        secret: 'Hunter-22!',
      },
    );
    expect(error.message).not.toContain('Hunter-22!');
    expect(error.message).toContain('[REDACTED]');
  });
});

describe('retryAfterMs()', () => {
  it('reads seconds, an HTTP date, or nothing', () => {
    expect(retryAfterMs(response(429, '', { 'retry-after': '7' }), 0)).toBe(7_000);
    expect(retryAfterMs(response(429, '', { 'retry-after': new Date(60_000).toUTCString() }), 30_000)).toBe(
      30_000,
    );
    expect(retryAfterMs(response(429, ''), 0)).toBeUndefined();
  });
});
