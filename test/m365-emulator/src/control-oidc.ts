import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from './http-util.js';
import type { M365Emulator } from './types.js';

const peopleSchema = z.array(
  z.strictObject({
    email: z.email(),
    name: z.string().min(1),
    sub: z.string().min(1).optional(),
    groups: z.array(z.string().min(1)).optional(),
    emailVerified: z.boolean().nullable().optional(),
    sendAuthTime: z.boolean().optional(),
  }),
);
const clientSchema = z.strictObject({
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(16).optional(),
  redirectUris: z.array(z.url()).min(1),
});
const tamperSchema = z.strictObject({
  tamper: z.enum(['bad-signature', 'wrong-issuer', 'wrong-audience', 'expired', 'wrong-nonce']),
});
const pkceSchema = z.strictObject({ ignore: z.boolean() });

/**
 * The demo identity provider's control routes (`/_emulator/api/oidc/…`), for a test or a demo in another
 * process: PUT people, POST clients, POST tamper (the next ID token), PUT pkce ({ ignore }).
 * Returns false when the path is not one of them.
 */
export function routeControlOidc(
  emulator: M365Emulator,
  method: string,
  segments: readonly string[],
  body: unknown,
  res: ServerResponse,
): boolean {
  if (segments[1] !== 'oidc' || segments.length !== 3) return false;
  const what = segments[2];
  if (method === 'PUT' && what === 'people') {
    emulator.oidc.setPeople(peopleSchema.parse(body));
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (method === 'POST' && what === 'clients') {
    sendJson(res, 201, emulator.oidc.addClient(clientSchema.parse(body)));
    return true;
  }
  if (method === 'POST' && what === 'tamper') {
    emulator.oidc.tamperNextIdToken(tamperSchema.parse(body).tamper);
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (method === 'PUT' && what === 'pkce') {
    emulator.oidc.ignorePkce(pkceSchema.parse(body).ignore);
    sendJson(res, 200, { ok: true });
    return true;
  }
  return false;
}
