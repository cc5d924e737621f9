import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { heartbeatSchema } from '../extension-coverage/heartbeat-schema.js';
import type { HeartbeatSink } from '../extension-coverage/heartbeat-sink.js';

/** A heartbeat is about 300 bytes. */
const MAX_HEARTBEAT_BYTES = 2048;

/**
 * POST /extension/heartbeat: the browser extension says it runs (issue 14), as JSON. It is sent
 * as text/plain, a request browsers make without a CORS preflight, so this route reads the body
 * as text whatever the content type. Anything but a well-formed heartbeat from an extension under
 * policy is refused with a 4xx and a stable code, and nothing is stored.
 */
export function heartbeatRoute(sink: HeartbeatSink): Hono {
  const routes = new Hono();
  routes.post(
    '/extension/heartbeat',
    bodyLimit({
      maxSize: MAX_HEARTBEAT_BYTES,
      onError: (c) =>
        c.json(
          { code: 'HEARTBEAT_INVALID', message: `a heartbeat is at most ${MAX_HEARTBEAT_BYTES} bytes` },
          413,
          {
            Connection: 'close',
          },
        ),
    }),
    async (c) => {
      // The extension sends its own origin (chrome-extension://, moz-extension://) or none. A web page
      // sends its http(s) origin (or "null" from a sandbox): one that any visitor opens would otherwise
      // report invented installs from every visitor's address, past the per-address limit.
      const origin = c.req.header('origin');
      if (origin !== undefined && !/^(chrome|moz|safari-web)-extension:\/\/[^/]+$/.test(origin))
        return c.json(
          {
            code: 'HEARTBEAT_FOREIGN_ORIGIN',
            message: 'heartbeats come from the extension, not from web pages',
          },
          403,
        );
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return c.json({ code: 'HEARTBEAT_INVALID', message: 'expected a JSON heartbeat' }, 400);
      }
      const parsed = heartbeatSchema.safeParse(body);
      if (!parsed.success) {
        const unmanaged = parsed.error.issues.some((issue) => issue.path[0] === 'managed');
        // Paths and reasons only: a refused value is never echoed or logged.
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
        );
        return unmanaged
          ? c.json(
              { code: 'HEARTBEAT_UNMANAGED', message: 'only an extension configured by policy reports' },
              403,
            )
          : c.json({ code: 'HEARTBEAT_INVALID', message: problems.join('; ') }, 400);
      }
      const outcome = await sink.accept(parsed.data, c.var.clientIp);
      if (outcome === 'rate-limited') {
        return c.json(
          { code: 'HEARTBEAT_RATE_LIMITED', message: 'too many heartbeats; try again later' },
          429,
          {
            'Retry-After': '3600',
          },
        );
      }
      return c.body(null, 204);
    },
  );
  return routes;
}
