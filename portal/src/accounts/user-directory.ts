import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import { hashPassword } from '../crypto/password-hasher.js';
import type { Database, JobStatus } from '../store/database-schema.js';
import type { UserRow } from './check-credentials.js';
import { accountLockKey } from './limit-keys.js';
import { normaliseEmail } from './tenant-for-email.js';

export interface NewUser {
  email: string;
  displayName?: string | null;
  /** null: no password yet, the user is pending_activation and sets one from a welcome link. */
  password: string | null;
}

export interface UserSummary {
  id: string;
  email: string;
  displayName: string | null;
  status: UserRow['status'];
  neverExpires: boolean;
  /** An admin account: always needs two recovery methods (passgate users admin). */
  isAdmin: boolean;
  /** When a lockout is in force, when it ends. */
  lockedUntil: Date | null;
  passwordChangedAt: Date;
  lastSyncedAt: Date | null;
  lastSyncError: string | null;
  /** The newest open sync job, if any. */
  pendingJob: {
    id: string;
    status: JobStatus;
    attempts: number;
    nextAttemptAt: Date;
    lastError: string | null;
  } | null;
}

/** Thrown by addUser when the e-mail is taken (an admin mistake, so it throws). */
export class UserExistsError extends Error {
  override readonly name = 'UserExistsError';
  readonly code = 'USER_EXISTS';
}

/** Adds a user with an admin-set password (portal only: Microsoft 365 keeps its own until the first change). */
export async function addUser(
  db: Kysely<Database>,
  input: NewUser,
  now: Date,
  admin = 'cli',
): Promise<string> {
  const email = normaliseEmail(input.email);
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing !== undefined) throw new UserExistsError(`a user with the e-mail ${email} already exists`);
  const id = randomUUID();
  const hash = input.password === null ? '' : await hashPassword(input.password);
  const at = now.getTime();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        email,
        display_name: input.displayName ?? null,
        password_hash: hash,
        status: input.password === null ? 'pending_activation' : 'active',
        password_changed_at: at,
        user_changed_at: null,
        created_at: at,
        last_synced_at: null,
        last_sync_error: null,
      })
      .execute();
    await recordAudit(trx, {
      type: 'user_create',
      user: { id, email },
      at: now,
      success: true,
      correlationId: randomUUID(),
      changes: [
        ...(input.password === null ? [] : [{ field: 'password' }]),
        ...(input.displayName ? [{ field: 'displayName' }] : []),
      ],
      initiatedBy: { type: 'admin', id: admin },
    });
  });
  return id;
}

function summarise(
  user: UserRow,
  job: UserSummary['pendingJob'],
  lockedUntil: number | null = null,
): UserSummary {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    status: user.status,
    neverExpires: user.never_expires === 1,
    isAdmin: user.is_admin === 1,
    lockedUntil: lockedUntil === null ? null : new Date(lockedUntil),
    passwordChangedAt: new Date(user.password_changed_at),
    lastSyncedAt: user.last_synced_at === null ? null : new Date(user.last_synced_at),
    lastSyncError: user.last_sync_error,
    pendingJob: job,
  };
}

/** One user with sync state, or null when the e-mail is unknown. */
export async function findUser(db: Kysely<Database>, email: string): Promise<UserSummary | null> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (user === undefined) return null;
  const job = await db
    .selectFrom('outbox_jobs')
    .select(['id', 'status', 'attempts', 'next_attempt_at', 'last_error'])
    .where('user_id', '=', user.id)
    .where('status', 'in', ['queued', 'running'])
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  const lock = await db
    .selectFrom('counters')
    .select('locked_until')
    .where('key', '=', accountLockKey(user.email))
    .where('locked_until', '>', Date.now())
    .executeTakeFirst();
  return summarise(
    user,
    job
      ? {
          id: job.id,
          status: job.status,
          attempts: job.attempts,
          nextAttemptAt: new Date(job.next_attempt_at),
          lastError: job.last_error,
        }
      : null,
    lock?.locked_until ?? null,
  );
}

/** Every user, by e-mail. */
export async function listUsers(db: Kysely<Database>): Promise<UserSummary[]> {
  const users = await db.selectFrom('users').selectAll().orderBy('email').execute();
  return users.map((user) => summarise(user, null));
}
