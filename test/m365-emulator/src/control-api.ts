import type { Exchange } from './context.js';
import { routeControlDrift } from './control-drift.js';
import { routeControlOidc } from './control-oidc.js';
import { routeOrganisationControl } from './control-organisation.js';
import {
  addAppSchema,
  addTenantSchema,
  addUserSchema,
  clockSchema,
  faultSchema,
  passwordHistorySchema,
  throttleSchema,
  verifyPasswordSchema,
} from './control-schemas.js';
import type { Directory } from './directory.js';
import { sendHtml, sendJson } from './http-util.js';
import { renderPasswordCheck, renderStatusPage } from './status-page.js';
import type { M365Emulator } from './types.js';

function parseJson(body: string): unknown {
  return body.trim() === '' ? null : JSON.parse(body);
}

/** Everything under /_emulator/: the HTML status page and the JSON control API for tests and the demo. */
export function routeControl(emulator: M365Emulator, directory: Directory, exchange: Exchange): void {
  const { res } = exchange;
  const method = exchange.req.method ?? 'GET';
  const segments = exchange.url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const path = segments.join('/');
  try {
    if (method === 'GET' && path === '') {
      sendHtml(res, 200, renderStatusPage(emulator, directory));
      return;
    }
    if (method === 'POST' && path === 'check-password') {
      const form = new URLSearchParams(exchange.body);
      const tenantId = form.get('tenantId') ?? '';
      const user = form.get('user') ?? '';
      const matches = directory.findTenant(tenantId)
        ? emulator.verifyPassword(tenantId, user, form.get('password') ?? '')
        : false;
      sendHtml(res, 200, renderPasswordCheck(user, matches));
      return;
    }
    if (method === 'GET' && path === 'ca.pem') {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      res.end(emulator.caCertificatePem);
      return;
    }
    if (segments[0] !== 'api') {
      sendJson(res, 404, {
        error: 'NOT_FOUND',
        message: `no control route ${method} ${exchange.url.pathname}`,
      });
      return;
    }
    const [, resource, tenantId, sub, idOrUpn, action] = segments;
    const body = method === 'GET' ? null : parseJson(exchange.body);
    if (routeControlDrift(emulator, method, segments, body, res)) return;
    if (routeControlOidc(emulator, method, segments, body, res)) return;
    if (method === 'GET' && resource === 'state') {
      sendJson(res, 200, describeState(emulator, directory));
      return;
    }
    if (method === 'GET' && resource === 'requests') {
      sendJson(res, 200, emulator.requests());
      return;
    }
    if (method === 'PUT' && resource === 'throttle') {
      emulator.setThrottle(throttleSchema.parse(body));
      sendJson(res, 200, { ok: true });
      return;
    }
    if (method === 'POST' && resource === 'faults') {
      emulator.injectFaults(faultSchema.parse(body));
      sendJson(res, 200, { ok: true });
      return;
    }
    if (method === 'DELETE' && resource === 'faults') {
      emulator.clearFaults();
      sendJson(res, 200, { ok: true });
      return;
    }
    if (method === 'POST' && resource === 'clock') {
      emulator.advanceClock(clockSchema.parse(body).advanceMs);
      sendJson(res, 200, { ok: true });
      return;
    }
    if (resource === 'tenants' && method === 'POST' && tenantId === undefined) {
      sendJson(res, 201, emulator.addTenant(addTenantSchema.parse(body)));
      return;
    }
    if (resource === 'tenants' && tenantId !== undefined && sub === 'apps' && method === 'POST') {
      sendJson(res, 201, emulator.addApp(tenantId, addAppSchema.parse(body)));
      return;
    }
    if (resource === 'tenants' && tenantId !== undefined && sub === 'users') {
      if (method === 'POST' && idOrUpn === undefined) {
        sendJson(res, 201, emulator.addUser(tenantId, addUserSchema.parse(body)));
        return;
      }
      if (method === 'GET' && idOrUpn !== undefined && action === undefined) {
        const view = emulator.getUser(tenantId, idOrUpn);
        view
          ? sendJson(res, 200, view)
          : sendJson(res, 404, { error: 'USER_NOT_FOUND', message: `no user ${idOrUpn}` });
        return;
      }
      if (method === 'POST' && idOrUpn !== undefined && action === 'verify-password') {
        const { password } = verifyPasswordSchema.parse(body);
        const view = emulator.getUser(tenantId, idOrUpn);
        sendJson(res, 200, {
          matches: emulator.verifyPassword(tenantId, idOrUpn, password),
          accountEnabled: view?.accountEnabled ?? false,
        });
        return;
      }
      if (method === 'POST' && idOrUpn !== undefined && action === 'password-history') {
        const { candidates } = passwordHistorySchema.parse(body);
        sendJson(res, 200, { writes: emulator.passwordHistory(tenantId, idOrUpn, candidates) });
        return;
      }
    }
    if (
      resource === 'tenants' &&
      tenantId !== undefined &&
      routeOrganisationControl(emulator, exchange, method, tenantId, segments.slice(3), body)
    )
      return;
    sendJson(res, 404, {
      error: 'NOT_FOUND',
      message: `no control route ${method} ${exchange.url.pathname}`,
    });
  } catch (error) {
    // Control-API misuse: say what was wrong (zod names the field; never echo the body).
    sendJson(res, 400, { error: 'BAD_REQUEST', message: (error as Error).message });
  }
}

function describeState(emulator: M365Emulator, directory: Directory): unknown {
  return {
    origin: emulator.origin,
    cloud: emulator.cloud,
    tenants: [...directory.tenants.values()].map((t) => ({
      id: t.id,
      name: t.name,
      domains: t.domains,
      apps: [...t.apps.values()].map((a) => ({
        clientId: a.clientId,
        permissions: [...a.permissions],
        directoryRoles: [...a.directoryRoles],
        credentials: [
          ...(a.clientSecret ? ['secret'] : []),
          ...(a.certificates.size > 0 ? ['certificate'] : []),
        ],
      })),
      users: [...t.users.keys()].map((id) => emulator.getUser(t.id, id)),
    })),
  };
}
