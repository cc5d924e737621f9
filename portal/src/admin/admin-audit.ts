import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { Database } from '../store/database-schema.js';

export interface AdminAuditInput {
  type: 'admin_login_attempt' | 'admin_logout';
  success: boolean;
  /** Who, as far as known: nobody yet when the identity provider's answer failed its checks. */
  person: { subject: string | null; email: string | null };
  /** The role given (sign-in), or nothing. */
  role?: string;
  /** A refusal code and fixed words; never a token, a code or the identity provider's raw answer. */
  errorMessage?: string;
  at: Date;
}

/** Records a console sign-in, refused sign-in or sign-out (resource type admin, initiated by that admin). */
export async function recordAdminAudit(
  db: Kysely<Database>,
  c: Context,
  input: AdminAuditInput,
): Promise<void> {
  const email = input.person.email ?? '(unknown)';
  await recordAudit(db, {
    type: input.type,
    user: { id: input.person.subject, email },
    resourceType: 'admin',
    at: input.at,
    success: input.success,
    correlationId: c.var.requestId ?? randomUUID(),
    changes: input.role === undefined ? [] : [{ field: 'role', to: input.role }],
    initiatedBy: {
      type: 'admin',
      ...(input.person.subject === null ? {} : { id: input.person.subject }),
      ...(input.person.email === null ? {} : { email: input.person.email }),
    },
    origin: { clientIp: c.var.clientIp ?? 'unknown', userAgent: c.req.header('user-agent') ?? '' },
    errorMessage: input.errorMessage ?? null,
  });
}
