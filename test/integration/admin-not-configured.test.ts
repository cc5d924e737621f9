import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formClient } from '../support/browser-like.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

let t: TestPortal;

beforeAll(async () => {
  t = await startTestPortal({ startWorker: false });
});
afterAll(async () => {
  await t?.close();
});

describe('the admin console without admin.oidc', () => {
  it.each([
    '/admin',
    '/admin/signin?next=/admin',
    '/admin/callback?code=x&state=y',
    '/admin/users/42',
    '/admin/reauth',
  ])('%s says how to set the console up, and does nothing else', async (path) => {
    const response = await fetch(`${t.url}${path}`, { redirect: 'manual' });
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('The admin console is not set up');
    expect(html).toContain('admin.oidc');
    expect(html).toContain('docs/admin.md');
    expect(response.headers.get('set-cookie') ?? '').not.toMatch(/pg_admin/);
  });

  it('answers a form posted to /admin with the same page, never a 5xx', async () => {
    const browser = formClient(t.url);
    await browser.get('/change');
    const answer = await browser.post('/admin/signout', {});
    expect(answer.status).toBe(404);
    expect(answer.html).toContain('The admin console is not set up');
    expect(await t.portal.store.db.selectFrom('admin_sessions').select('id').execute()).toEqual([]);
  });
});
