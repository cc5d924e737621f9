import { z } from 'zod';

/** The browsers and platforms a heartbeat may name; anything else is reported as `other`. */
export const HEARTBEAT_BROWSERS = ['chrome', 'edge', 'chromium', 'firefox', 'other'] as const;
export const HEARTBEAT_PLATFORMS = ['windows', 'macos', 'linux', 'chromeos', 'android', 'other'] as const;

const count = z.number().int().min(0).max(1_000_000_000);

/**
 * What the extension reports about itself, and nothing more: a random install id, versions,
 * browser, platform, whether the organisation's policy reached it whole, and how many redirects
 * it made by kind of page. Never a URL, a name or an address: unknown keys are refused, and every
 * string is a short, closed form, so nothing personal can ride along.
 *
 * `managed: true` is required: only an extension configured by the organisation's policy reports,
 * so a developer's or a person's own install never calls the portal.
 */
export const heartbeatSchema = z.strictObject({
  installId: z.uuid({ error: 'expected the random install id (a UUID)' }),
  extensionVersion: z
    .string()
    .regex(/^\d{1,5}(\.\d{1,5}){0,3}$/, { error: 'expected a version such as 1.2.3' }),
  browser: z.enum(HEARTBEAT_BROWSERS),
  browserVersion: z
    .string()
    .regex(/^\d{1,5}(\.\d{1,6}){0,3}$/, { error: 'expected a version such as 131.0.1' }),
  platform: z.enum(HEARTBEAT_PLATFORMS),
  managed: z.literal(true, { error: 'only an extension configured by policy reports' }),
  policyApplied: z.boolean(),
  redirects: z.strictObject({ change: count, reset: count, expired: count, extra: count }),
});

export type Heartbeat = z.infer<typeof heartbeatSchema>;
