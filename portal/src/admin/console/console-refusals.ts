import type { MessageKey } from '@passgate/core/i18n';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The console's refusals: a stable code, its status and the catalogue key of words an admin can act on
 * (`console.refusal.<CODE>`). Kept apart from http/refusal-table.ts, which speaks to the people whose
 * passwords these are, in their words.
 */
export const CONSOLE_REFUSALS = {
  USER_NOT_FOUND: { status: 404, key: 'console.refusal.USER_NOT_FOUND' },
  USER_STATE: { status: 409, key: 'console.refusal.USER_STATE' },
  EXPIRE_BLOCKS_SIGNIN: { status: 403, key: 'console.refusal.EXPIRE_BLOCKS_SIGNIN' },
  JOB_NOT_RETRYABLE: { status: 409, key: 'console.refusal.JOB_NOT_RETRYABLE' },
  JOB_BUSY: { status: 409, key: 'console.refusal.JOB_BUSY' },
  BAD_QUERY: { status: 400, key: 'console.refusal.BAD_QUERY' },
  EXTENSION_NOT_PACKED: { status: 404, key: 'console.refusal.EXTENSION_NOT_PACKED' },
  UNSUPPORTED_TARGET: { status: 400, key: 'console.refusal.UNSUPPORTED_TARGET' },
} as const satisfies Record<string, { status: ContentfulStatusCode; key: MessageKey }>;

export type ConsoleRefusalCode = keyof typeof CONSOLE_REFUSALS;
