import type { MiddlewareHandler } from 'hono';
import { bearerTokenAuth } from '../middleware/bearer-token-auth.js';

/**
 * Admin downloads behind `Authorization: Bearer <token>` from config, until a fuller admin UI
 * exists. Throws at once on a short token; the compare is constant-time (see bearerTokenAuth).
 */
export function adminBearerAuth(token: string): MiddlewareHandler {
  return bearerTokenAuth({
    token,
    realm: 'passgate-admin',
    code: 'ADMIN_TOKEN_REQUIRED',
    message: 'send the admin token from config as: Authorization: Bearer <token>',
  });
}
