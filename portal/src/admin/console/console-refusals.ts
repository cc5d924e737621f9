import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The console's refusals: a stable code, its status and words an admin can act on. Kept apart from
 * http/refusal-table.ts, which speaks to the people whose passwords these are, in their words.
 */
export const CONSOLE_REFUSALS = {
  USER_NOT_FOUND: {
    status: 404,
    words: 'There is no such user (deleted, or a mistyped link). Search for them again.',
  },
  USER_STATE: { status: 409, words: 'That action does not apply to the account as it is now.' },
  EXPIRE_BLOCKS_SIGNIN: {
    status: 403,
    words:
      "This person's tenant suspends Microsoft 365 sign-in when a password expires (onExpiry: suspend), so expiring it blocks them like a suspension: only an admin may, after a recent sign-in. Ask an admin.",
  },
  JOB_NOT_RETRYABLE: {
    status: 409,
    words:
      'This job cannot be tried again: it already ended, or it was a password whose copy is gone once it failed (the person must change it again).',
  },
  JOB_BUSY: { status: 409, words: 'The sync worker is trying this job right now. Look again in a moment.' },
  BAD_QUERY: { status: 400, words: 'Some filters were not understood; they are shown as they were read.' },
  EXTENSION_NOT_PACKED: {
    status: 404,
    words: 'The extension has not been packed yet: run `passgate extension pack` on the server first.',
  },
  UNSUPPORTED_TARGET: { status: 400, words: 'That browser, platform and format do not go together.' },
} as const satisfies Record<string, { status: ContentfulStatusCode; words: string }>;

export type ConsoleRefusalCode = keyof typeof CONSOLE_REFUSALS;
