import type { Context } from 'hono';
import type { RequestOrigin } from '../accounts/account-service.js';

/** Who is asking, as the account services record it (audit, per-address limits). */
export function requestOrigin(c: Context): RequestOrigin {
  return { clientIp: c.var.clientIp, userAgent: (c.req.header('user-agent') ?? '').slice(0, 512) };
}
