import { defaultPolicy } from '@passgate/core/policy';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { SignInOutcome } from '../accounts/account-service.js';
import { MAX_FROM_LENGTH } from '../http/read-from-param.js';
import { passwordSignIn } from './password-sign-in.js';

const FROM = 'https://account.activedirectory.windowsazure.com/ChangePassword.aspx?BrandContextID=O1&ru=x';

/** The password step alone, with what it hands the page or the caller as JSON. */
function app(outcome: SignInOutcome) {
  const web = new Hono();
  web.post('/signin', async (c) => {
    const signedIn = await passwordSignIn(c, {
      accounts: { credentialEpoch: async () => 0 },
      device: { deviceFor: () => undefined, remember: () => undefined },
      challenges: { forPage: async () => null, check: async () => null, countFailure: async () => undefined },
      policy: defaultPolicy,
      page: async (ctx, echo, problems, status) =>
        ctx.json({ page: echo, fields: problems.map((problem) => problem.field) }, status),
      signIn: async () => outcome,
    });
    if (signedIn instanceof Response) return signedIn;
    return c.json({ outcome: signedIn.outcome.status, from: signedIn.from });
  });
  return web;
}

function post(web: Hono, fields: Record<string, string>) {
  return web.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

describe('passwordSignIn()', () => {
  it('hands the caller the form’s `from` it parsed, as an address to carry or null', async () => {
    const web = app({ status: 'ok' });
    const fields = { email: 'ada@example.org', currentPassword: 'Harbour-Lantern-73!' };
    expect(await (await post(web, { ...fields, from: FROM })).json()).toEqual({ outcome: 'ok', from: FROM });
    expect(await (await post(web, { ...fields, from: 'javascript:alert(1)' })).json()).toEqual({
      outcome: 'ok',
      from: null,
    });
    expect(await (await post(web, fields)).json()).toEqual({ outcome: 'ok', from: null });
  });

  it('gives the page the e-mail and `from` back with a refusal and with a form it cannot take', async () => {
    const refused = app({ status: 'refused', refusals: [{ code: 'INVALID_CREDENTIALS' }] });
    const wrong = await post(refused, { email: 'ada@example.org', currentPassword: 'wrong', from: FROM });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).page).toEqual({ email: 'ada@example.org', from: FROM });
    const missing = await post(app({ status: 'ok' }), { email: 'ada@example.org', from: FROM });
    expect(missing.status).toBe(422);
    expect((await missing.json()).page).toEqual({ email: 'ada@example.org', from: FROM });
  });

  it('carries a long `from` whole through a form it cannot take, and one too long not at all', async () => {
    const web = app({ status: 'ok' });
    const longest = `https://myaccount.microsoft.com/?q=${'a'.repeat(MAX_FROM_LENGTH - 35)}`;
    expect(longest).toHaveLength(MAX_FROM_LENGTH);
    const kept = await post(web, { email: 'ada@example.org', from: longest });
    expect((await kept.json()).page.from).toBe(longest);
    const over = await post(web, { email: 'ada@example.org', from: `${longest}a` });
    expect((await over.json()).page.from).toBeNull();
  });

  it('carries a long percent-encoded `from` whole through a form it cannot take, never a cut of it', async () => {
    const web = app({ status: 'ok' });
    const longest = `https://myaccount.microsoft.com/?q=${'/'.repeat(MAX_FROM_LENGTH - 35)}`;
    const encoded = encodeURIComponent(longest);
    expect(encoded.length).toBeGreaterThan(2 * MAX_FROM_LENGTH);
    const kept = await post(web, { email: 'ada@example.org', from: encoded });
    expect((await kept.json()).page.from).toBe(longest);
    const over = await post(web, { email: 'ada@example.org', from: `${encoded}%2F` });
    expect((await over.json()).page.from).toBeNull();
  });

  it('takes a body it cannot read as an empty form, with no `from`', async () => {
    const response = await app({ status: 'ok' }).request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
      body: 'not multipart at all',
    });
    expect(response.status).toBe(422);
    expect((await response.json()).page).toEqual({ email: '', from: null });
  });
});
