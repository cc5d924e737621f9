/** @jsxRuntime automatic @jsxImportSource preact */
import type { AuditEvent } from '@passgate/core/events';
import type { Messages } from '@passgate/core/i18n';
import type { VNode } from 'preact';
import { useMessages } from '../../views/page-language.js';
import { formatTime } from './console-format.js';

/**
 * What changed, in one line: "status: active → suspended; accountEnabled: true → false". Field names and
 * values stay as the audit row records them: they are data, searched and exported as such.
 */
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
export function describeInitiator(messages: Messages, event: AuditEvent): string {
  const who = event.initiated_by;
  return `${who.email ?? who.id ?? messages.t('console.auditTable.unknown')} (${who.type})`;
}

/** Audit events, newest first, as the timeline and the audit log show them. */
export function AuditTable(props: {
  events: readonly AuditEvent[];
  caption: string;
  showUser: boolean;
}): VNode {
  const messages = useMessages();
  const { t } = messages;
  return (
    <table class="console-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.auditTable.when')}</th>
          <th scope="col">{t('console.auditTable.event')}</th>
          {props.showUser && <th scope="col">{t('console.auditTable.user')}</th>}
          <th scope="col">{t('console.auditTable.changes')}</th>
          <th scope="col">{t('console.auditTable.by')}</th>
          <th scope="col">{t('console.auditTable.outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((event) => (
          <tr key={event.id}>
            <td>{formatTime(messages, Date.parse(event.timestamp))}</td>
            <td>{event.event_type}</td>
            {props.showUser && <td>{event.resource.username}</td>}
            <td>{describeChanges(event)}</td>
            <td>{describeInitiator(messages, event)}</td>
            <td>
              {event.success
                ? t('console.auditTable.ok')
                : event.error_message
                  ? t('console.auditTable.failedWith', { message: event.error_message })
                  : t('console.auditTable.failed')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
