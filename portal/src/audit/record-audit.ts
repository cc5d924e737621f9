import { randomUUID } from 'node:crypto';
import type { AuditActor, AuditChange, AuditEvent, AuditEventType } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

export interface AuditInput {
  type: AuditEventType;
  user: { id: string | null; email: string };
  at: Date;
  success: boolean;
  correlationId: string;
  changes?: AuditChange[];
  initiatedBy?: AuditActor;
  origin?: { clientIp: string; userAgent: string } | null;
  /** A code and words for an admin; never user input, never a password. */
  errorMessage?: string | null;
  /** What `user` names: a portal user (default), a tenant (id: its Entra tenant id, email: its config name), or a console admin (id: OIDC sub). */
  resourceType?: 'user' | 'tenant' | 'admin';
}

/** Builds the event in the shape admins know (see @passgate/core/events). */
export function buildAuditEvent(input: AuditInput): AuditEvent {
  return {
    id: randomUUID(),
    event_type: input.type,
    timestamp: input.at.toISOString(),
    resource: { type: input.resourceType ?? 'user', id: input.user.id, username: input.user.email },
    changes: input.changes ?? [],
    initiated_by: input.initiatedBy ?? {
      type: 'user',
      ...(input.user.id ? { id: input.user.id } : {}),
      email: input.user.email,
    },
    client_ip: input.origin?.clientIp ?? null,
    useragent: input.origin ? cutUserAgent(input.origin.userAgent) : null,
    success: input.success,
    error_message: input.errorMessage ?? null,
    correlation: { id: input.correlationId },
  };
}

/** The most of a User-Agent header an event keeps. */
export const AUDIT_USER_AGENT_MAX = 512;

/**
 * The audit log is append-only and a User-Agent is whatever the caller sends (up to the server's header
 * limit): without a cut, each request can add kilobytes no one can ever remove. Cut by code point, so
 * no half of a surrogate pair is left behind.
 */
function cutUserAgent(userAgent: string): string {
  if (userAgent.length <= AUDIT_USER_AGENT_MAX) return userAgent;
  return Array.from(userAgent).slice(0, AUDIT_USER_AGENT_MAX).join('');
}

/** Appends one event; pass a transaction to make it part of the change it records. */
export async function recordAudit(db: Kysely<Database>, input: AuditInput): Promise<AuditEvent> {
  const [event] = await recordAudits(db, [input]);
  return event as AuditEvent;
}

/** Appends several events in one statement (an import's creations), in order. */
export async function recordAudits(
  db: Kysely<Database>,
  inputs: readonly AuditInput[],
): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const events = inputs.map(buildAuditEvent);
  await db
    .insertInto('audit_events')
    .values(
      events.map((event) => ({
        id: event.id,
        event_type: event.event_type,
        timestamp: event.timestamp,
        // The column holds portal user ids only; a tenant's id stays in the event body.
        user_id: event.resource.type === 'user' ? event.resource.id : null,
        username: event.resource.username,
        success: event.success ? 1 : 0,
        body: JSON.stringify(event),
      })),
    )
    .execute();
  return events;
}
