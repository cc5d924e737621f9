/** @jsxRuntime automatic @jsxImportSource preact */
import type { AuditEvent } from '@passgate/core/events';
import type { VNode } from 'preact';
import { formatTime } from './console-format.js';

/** What changed, in one line: "status: active → suspended; accountEnabled: true → false". */
export function describeChanges(event: AuditEvent): string {
  return event.changes
    .map((change) =>
      'from' in change || 'to' in change
        ? `${change.field}: ${String(change.from ?? '–')} → ${String(change.to ?? '–')}`
        : change.field,
    )
    .join('; ');
}

/** Who started it: the admin's or person's e-mail, or the system part (passgate-sync, scheduler …). */
export function describeInitiator(event: AuditEvent): string {
  const who = event.initiated_by;
  return `${who.email ?? who.id ?? 'unknown'} (${who.type})`;
}

/** Audit events, newest first, as the timeline and the audit log show them. */
export function AuditTable(props: {
  events: readonly AuditEvent[];
  caption: string;
  showUser: boolean;
}): VNode {
  return (
    <table class="console-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          {props.showUser && <th scope="col">User</th>}
          <th scope="col">Changes</th>
          <th scope="col">By</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((event) => (
          <tr key={event.id}>
            <td>{formatTime(Date.parse(event.timestamp))}</td>
            <td>{event.event_type}</td>
            {props.showUser && <td>{event.resource.username}</td>}
            <td>{describeChanges(event)}</td>
            <td>{describeInitiator(event)}</td>
            <td>{event.success ? 'ok' : `failed${event.error_message ? `: ${event.error_message}` : ''}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
