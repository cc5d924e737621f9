import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function setup() {
  const { logger, lines } = capturingLogger();
  // ScriptedAccounts without outcomes throws on a change: an unexpected failure, answered with a 500.
  const app = createApp({ config: webTestConfig(), accounts: new ScriptedAccounts(), logger });
  return { app, lines, logged: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const FORM = { email: 'a@example.org', currentPassword: 'a', newPassword: 'b', confirmPassword: 'b' };

describe('requestId()', () => {
  it('gives every request an id of its own, whatever X-Request-Id the client sent', async () => {
    const { app, logged } = setup();
    const response = await app.request('/change', { headers: { 'X-Request-Id': 'chosen-by-client' } });
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(UUID);
    const line = logged().find((entry) => entry.msg === 'request');
    expect(line?.requestId).toBe(id);
  });

  it('never shows a client-chosen id on the error page or in the error log', async () => {
    const { app, lines } = setup();
    const session = await openForm(app);
    const chosen = 'ref-support-will-trust-this';
    const response = await submitForm(app, session, FORM, { headers: { 'X-Request-Id': chosen } });
    expect(response.status).toBe(500);
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(UUID);
    const html = await response.text();
    expect(html).toContain(`<code>${id}</code>`);
    expect(html).not.toContain(chosen);
    const error = lines.find((line) => line.includes('unhandled error')) ?? '';
    expect(JSON.parse(error)).toMatchObject({ requestId: id });
  });

  it('logs a well-formed client id apart, as clientRequestId, and drops any other', async () => {
    const { app, logged } = setup();
    await app.request('/change', { headers: { 'X-Request-Id': 'proxy-7f3a_9' } });
    await app.request('/change', { headers: { 'X-Request-Id': 'x'.repeat(65) } });
    await app.request('/change', { headers: { 'X-Request-Id': 'a=b' } });
    const requests = logged().filter((entry) => entry.msg === 'request');
    expect(requests.map((entry) => entry.clientRequestId)).toEqual(['proxy-7f3a_9', undefined, undefined]);
    for (const entry of requests) expect(entry.requestId).toMatch(UUID);
  });
});
