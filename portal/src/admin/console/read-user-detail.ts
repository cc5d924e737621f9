import type { AuditEvent } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { tenantForEmail } from '../../accounts/tenant-for-email.js';
import { findUser, type UserSummary } from '../../accounts/user-directory.js';
import type { PortalConfig } from '../../config/portal-config.js';
import type { Database, JobStatus } from '../../store/database-schema.js';

const DAY_MS = 86_400_000;
/** The timeline shows this many of the person's latest events; the audit log page has the rest. */
export const TIMELINE_LENGTH = 100;

export interface OpenJob {
  id: string;
  kind: 'set_password' | 'set_account_enabled';
  status: JobStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  enable: boolean;
}

export interface UserDetail {
  user: UserSummary;
  tenant: string | null;
  /** When the password expires under the policy's maxAgeDays; null when it never does. */
  expiresAt: number | null;
  /** Every open (queued or running) job, oldest first, and the last failed one if it is the user's latest. */
  jobs: OpenJob[];
  failedJob: OpenJob | null;
  /** Newest first. */
  timeline: AuditEvent[];
}

function toJob(row: {
  id: string;
  kind: OpenJob['kind'];
  status: JobStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  enable_account: number;
}): OpenJob {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    enable: row.enable_account === 1,
  };
}

/** One person as the console's user page shows them; null for an unknown e-mail. */
export async function readUserDetail(
  db: Kysely<Database>,
  config: Pick<PortalConfig, 'tenants' | 'policy'>,
  email: string,
): Promise<UserDetail | null> {
  const user = await findUser(db, email);
  if (user === null) return null;
  const columns = [
    'id',
    'kind',
    'status',
    'attempts',
    'next_attempt_at',
    'last_error',
    'enable_account',
  ] as const;
  const [open, latest, audit] = await Promise.all([
    db
      .selectFrom('outbox_jobs')
      .select(columns)
      .where('user_id', '=', user.id)
      .where('status', 'in', ['queued', 'running'])
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('outbox_jobs')
      .select(columns)
      .where('user_id', '=', user.id)
      .orderBy('seq', 'desc')
      .executeTakeFirst(),
    db
      .selectFrom('audit_events')
      .select('body')
      .where('username', '=', user.email)
      .orderBy('seq', 'desc')
      .limit(TIMELINE_LENGTH)
      .execute(),
  ]);
  const maxAge = config.policy.maxAgeDays;
  return {
    user,
    tenant: tenantForEmail(config.tenants, user.email)?.name ?? null,
    expiresAt:
      maxAge === null || user.neverExpires ? null : user.passwordChangedAt.getTime() + maxAge * DAY_MS,
    jobs: open.map(toJob),
    failedJob: latest?.status === 'failed' ? toJob(latest) : null,
    timeline: audit.map((row) => JSON.parse(row.body) as AuditEvent),
  };
}
