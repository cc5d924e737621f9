import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { RefusalException } from '../http/refusal-exception.js';
import type { AdminActor, AdminRole } from './admin-actor.js';
import './admin-context-variables.js';
import { requireAdmin } from './guard.js';

const NOW = Date.parse('2026-03-02T09:00:00Z');

function appWith(actor: AdminActor | null): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    c.set('adminGate', { actor, reauthMaxAgeMs: 300_000, now: NOW });
    await next();
  });
  app.get('/admin/users', requireAdmin('helpdesk'), (c) => c.text(`hello ${c.var.admin.email}`));
  app.post('/admin/users/1/unlock', requireAdmin('helpdesk'), (c) => c.text('unlocked'));
  app.post('/admin/users/1/suspend', requireAdmin('admin', { recentAuth: true }), (c) => c.text('suspended'));
  app.onError((error, c) =>
    error instanceof RefusalException ? c.text(error.code, error.status) : c.text('boom', 500),
  );
  return app;
}

function actor(role: AdminRole, authAgoMs = 0): AdminActor {
  return {
    sessionId: 's1',
    subject: 'sub-1',
    email: 'it@contoso.example',
    name: 'IT',
    role,
    authTime: NOW - authAgoMs,
  };
}

describe('requireAdmin()', () => {
  it('sends an anonymous page request to sign in and back', async () => {
    const response = await appWith(null).request('/admin/users?q=ann');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/admin/signin?next=%2Fadmin%2Fusers%3Fq%3Dann');
  });

  it('refuses an anonymous form with 401 rather than replaying it after a sign-in', async () => {
    const response = await appWith(null).request('/admin/users/1/unlock', { method: 'POST' });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('ADMIN_SIGNIN_REQUIRED');
  });

  it('refuses helpdesk an admin action with 403 ADMIN_ROLE_REQUIRED', async () => {
    const response = await appWith(actor('helpdesk')).request('/admin/users/1/suspend', { method: 'POST' });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('ADMIN_ROLE_REQUIRED');
  });

  it('lets an admin do what helpdesk may, and hands the actor to the route', async () => {
    const response = await appWith(actor('admin')).request('/admin/users');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello it@contoso.example');
  });

  it('asks for a fresh sign-in before an action that blocks someone, back to the page the form was on', async () => {
    const response = await appWith(actor('admin', 301_000)).request('/admin/users/1/suspend', {
      method: 'POST',
      headers: { referer: 'http://localhost/admin/users/1?tab=actions' },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/reauth?next=%2Fadmin%2Fusers%2F1%3Ftab%3Dactions');
  });

  it('goes back to the form’s page behind a proxy that ends TLS (an https Referer on an http request)', async () => {
    const response = await appWith(actor('admin', 301_000)).request(
      'http://localhost/admin/users/1/suspend',
      {
        method: 'POST',
        headers: { referer: 'https://localhost/admin/users/1?tab=actions' },
      },
    );
    expect(response.headers.get('location')).toBe('/admin/reauth?next=%2Fadmin%2Fusers%2F1%3Ftab%3Dactions');
  });

  it('does not follow a Referer from another site after re-authenticating', async () => {
    const response = await appWith(actor('admin', 301_000)).request('/admin/users/1/suspend', {
      method: 'POST',
      headers: { referer: 'https://evil.example/admin/x' },
    });
    expect(response.headers.get('location')).toBe('/admin/reauth?next=%2Fadmin');
  });

  it('lets a recent sign-in act at once', async () => {
    const response = await appWith(actor('admin', 299_000)).request('/admin/users/1/suspend', {
      method: 'POST',
    });
    expect(response.status).toBe(200);
  });

  it('throws at once for an unknown role', () => {
    expect(() => requireAdmin('root' as AdminRole)).toThrow('unknown role');
  });
});
