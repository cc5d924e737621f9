import type { Context } from 'hono';
import type { z } from 'zod';
import type { FormIssueCode } from './change-fields.js';
import { MAX_POSTED_FROM_LENGTH } from './read-from-param.js';

export interface FormIssue {
  field: string;
  code: FormIssueCode;
}

export type ParsedForm<T> =
  | { ok: true; data: T }
  /** `echo` holds only the fields the caller named as safe to show again (never a password). */
  | { ok: false; issues: FormIssue[]; echo: Record<string, string> };

/** The longest echoed field shown again; a longer one is dropped. */
const ECHO_MAX = 1000;

/** Fields that carry more: every form's `from` (read-from-param.ts's fromField takes as much). */
const ECHO_MAX_OF: Readonly<Record<string, number>> = { from: MAX_POSTED_FROM_LENGTH };

/**
 * The one way a form body is read (STYLE 5): parse with zod, and turn every failure into stable
 * codes per field so the route can re-render the form; a malformed body is a refusal, never a crash.
 */
export async function parseForm<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { echo: readonly string[] },
): Promise<ParsedForm<z.output<S>>> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    body = {};
  }
  const result = await schema.safeParseAsync(body);
  if (result.success) return { ok: true, data: result.data };
  const echo: Record<string, string> = {};
  // Dropped, never cut: a cut value is another value (a cut address is another address).
  for (const field of options.echo) {
    const value = body[field];
    if (typeof value === 'string' && value.length <= (ECHO_MAX_OF[field] ?? ECHO_MAX)) echo[field] = value;
  }
  const issues = result.error.issues.map((issue) => ({
    field: String(issue.path[0] ?? ''),
    code: issueCode(issue),
  }));
  return { ok: false, issues, echo };
}

// Mapped from zod's issue kinds, never from its message text.
function issueCode(issue: z.core.$ZodIssue): FormIssueCode {
  switch (issue.code) {
    case 'too_big':
      return 'VALUE_TOO_LONG';
    case 'invalid_format':
      return 'EMAIL_INVALID';
    default:
      return 'VALUE_MISSING';
  }
}
