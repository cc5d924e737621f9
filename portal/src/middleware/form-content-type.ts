import type { MiddlewareHandler } from 'hono';
import { RefusalException } from '../http/refusal-exception.js';

/** What an HTML form sends (https://html.spec.whatwg.org/#attr-fs-enctype), text/plain aside: no form here uses it. */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a request body that is not a form with UNSUPPORTED_CONTENT_TYPE (415). Registered before
 * csrfProtection: a JSON or untyped body would otherwise parse as an empty form and be told, wrongly,
 * that the form has expired.
 */
export function formContentType(): MiddlewareHandler {
  return async function formContentType(c, next) {
    if (BODY_METHODS.has(c.req.method)) {
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!FORM_TYPES.has(mediaType)) throw new RefusalException('UNSUPPORTED_CONTENT_TYPE');
    }
    await next();
  };
}
