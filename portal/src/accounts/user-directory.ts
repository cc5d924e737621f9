import { randomUUID } from 'node:crypto';
import type { AuditActor, AuditChange } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { recordAudits } from '../audit/record-audit.js';
import { hashPassword } from '../crypto/password-hasher.js';
import type { Database, JobStatus } from '../store/database-schema.js';
import { insertUsersIfAbsent } from '../store/port/insert-users-if-absent.js';
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
  const hash = input.password === null ? '' : await hashPassword(input.password);
  const created = await db
    .transaction()
    .execute((trx) =>
      insertNewUsers(trx, [{ ...input, email, passwordHash: hash }], now, { type: 'admin', id: admin }),
    );
  const id = created.get(email);
  if (id === undefined) throw new UserExistsError(`a user with the e-mail ${email} already exists`);
  return id;
}

/**
 * Inserts users, each with its `user_create` audit event, in the caller's transaction: pending_activation
 * when `password` is null, else active with `passwordHash`. An e-mail already taken (also by a writer
 * that got there after the caller looked) is left out, writing nothing for it. Returns e-mail → new id
 * for those inserted. `changes` is added to each audit event.
 */
export async function insertNewUsers(
  trx: Kysely<Database>,
  inputs: readonly (NewUser & { passwordHash: string })[],
  now: Date,
  actor: AuditActor,
  changes: AuditChange[] = [],
): Promise<Map<string, string>> {
  const at = now.getTime();
  const rows = inputs.map((input) => ({
    id: randomUUID(),
    email: normaliseEmail(input.email),
    display_name: input.displayName ?? null,
    password_hash: input.password === null ? '' : input.passwordHash,
    status: input.password === null ? ('pending_activation' as const) : ('active' as const),
    password_changed_at: at,
    user_changed_at: null,
    created_at: at,
    last_synced_at: null,
    last_sync_error: null,
  }));
  const inserted = await insertUsersIfAbsent(trx, rows);
  const created = rows.filter((row) => inserted.has(row.email));
  await recordAudits(
    trx,
    created.map((row) => ({
      type: 'user_create' as const,
      user: { id: row.id, email: row.email },
      at: now,
      success: true,
      correlationId: randomUUID(),
      changes: [
        ...(row.status === 'active' ? [{ field: 'password' }] : []),
        ...(row.display_name ? [{ field: 'displayName' }] : []),
        ...changes,
      ],
      initiatedBy: actor,
    })),
  );
  return new Map(created.map((row) => [row.email, row.id]));
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
