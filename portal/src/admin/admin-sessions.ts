import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

export interface AdminSessionRow {
  id: string;
  subject: string;
  email: string | null;
  name: string;
  groups: string[];
  authTime: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface NewAdminSession {
  subject: string;
  /** A verified address or null (stored as '' in the NOT NULL column: never the subject, which could match a role). */
  email: string | null;
  name: string;
  groups: readonly string[];
  authTime: number;
}

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

/** Only the hash is stored: a copy of the table (a backup, a read replica) opens no one's session. */
export function hashAdminToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session; returns the cookie's token (256 random bits) and the row's id. */
export async function createAdminSession(
  db: Kysely<Database>,
  session: NewAdminSession,
  limits: SessionLimits,
  now: number,
): Promise<{ token: string; id: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  const expiresAt = now + limits.maxMs;
  await db
    .insertInto('admin_sessions')
    .values({
      id,
      token_hash: hashAdminToken(token),
      subject: session.subject,
      email: session.email ?? '',
      name: session.name,
      groups: JSON.stringify(session.groups),
      auth_time: session.authTime,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, id, expiresAt };
}

/**
 * The live session for a cookie token, its idle clock moved to `now`; null when unknown, past the
 * absolute limit or idle too long (that row is deleted then: it can never be used again).
 */
export async function touchAdminSession(
  db: Kysely<Database>,
  token: string,
  limits: SessionLimits,
  now: number,
): Promise<AdminSessionRow | null> {
  const row = await db
    .selectFrom('admin_sessions')
    .selectAll()
    .where('token_hash', '=', hashAdminToken(token))
    .executeTakeFirst();
  if (row === undefined) return null;
  const lastSeen = Number(row.last_seen_at);
  const expiresAt = Number(row.expires_at);
  if (now >= expiresAt || now - lastSeen >= limits.idleMs) {
    await db.deleteFrom('admin_sessions').where('id', '=', row.id).execute();
    return null;
  }
  // Moved forward only: two requests at once never move it back.
  await db
    .updateTable('admin_sessions')
    .set({ last_seen_at: now })
    .where('id', '=', row.id)
    .where('last_seen_at', '<', now)
    .execute();
  return {
    id: row.id,
    subject: row.subject,
    email: row.email === '' ? null : row.email,
    name: row.name,
    groups: parseGroups(row.groups),
    authTime: Number(row.auth_time),
    createdAt: Number(row.created_at),
    lastSeenAt: now,
    expiresAt,
  };
}

/** Ends a session (sign-out); the cookie's token opens nothing afterwards. */
export async function endAdminSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('id', '=', id).execute();
}

/** Deletes sessions past their absolute limit (the scheduler's housekeeping). */
export async function pruneAdminSessions(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function parseGroups(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((group): group is string => typeof group === 'string') : [];
  } catch {
    return [];
  }
}
