/** @jsxRuntime automatic @jsxImportSource preact */
import { AUDIT_EVENT_TYPES } from '@passgate/core/events';
import type { VNode } from 'preact';
import { AuditTable } from './audit-table.js';
import { ConsoleFrame, type ConsoleView } from './console-frame.js';
import type { AuditRow } from './search-audit.js';

/** The filters as a query string (for the next page and the exports), from the raw values typed. */
export function auditQuery(raw: Record<string, string>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of ['user', 'type', 'from', 'to', 'initiator']) {
    const value = raw[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function TextFilter(props: { id: string; label: string; value: string; hint?: string }): VNode {
  return (
    <div class="field">
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      {props.hint !== undefined && (
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        class="field__input"
        id={props.id}
        name={props.id}
        type="text"
        value={props.value}
        aria-describedby={props.hint === undefined ? undefined : `${props.id}-hint`}
      />
    </div>
  );
}

/** The audit log, filtered, newest first, with the filtered view's exports. */
export function AuditPage(props: {
  view: ConsoleView;
  raw: Record<string, string>;
  rows: readonly AuditRow[];
  next: number | null;
  problem: string | null;
}): VNode {
  const { raw } = props;
  return (
    <ConsoleFrame view={props.view} title="Audit log" section="audit">
      {props.problem !== null && (
        <p class="error-summary" role="alert">
          {props.problem}
        </p>
      )}
      <form method="get" action="/admin/audit" class="console-filters" aria-label="Filters">
        <TextFilter id="user" label="User e-mail" value={raw.user ?? ''} />
        <div class="field">
          <label class="field__label" for="type">
            Event type
          </label>
          <select class="field__input" id="type" name="type">
            <option value="">Any event</option>
            {AUDIT_EVENT_TYPES.map((type) => (
              <option key={type} value={type} selected={raw.type === type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <TextFilter
          id="from"
          label="From (UTC)"
          value={raw.from ?? ''}
          hint="2026-11-30 or 2026-11-30T14:00"
        />
        <TextFilter id="to" label="Until (UTC)" value={raw.to ?? ''} hint="A day counts to its end" />
        <TextFilter
          id="initiator"
          label="Initiated by"
          value={raw.initiator ?? ''}
          hint="An e-mail, or passgate-sync, cli …"
        />
        <button type="submit" class="button">
          Filter
        </button>
      </form>
      <p>
        Export this view: <a href={`/admin/audit/export.csv${auditQuery(raw)}`}>CSV</a> ·{' '}
        <a href={`/admin/audit/export.jsonl${auditQuery(raw)}`}>JSON lines</a>
      </p>
      {props.rows.length === 0 ? (
        <p role="status">No events match.</p>
      ) : (
        <AuditTable
          events={props.rows.map((row) => row.event)}
          caption="Audit events, newest first"
          showUser
        />
      )}
      {props.next !== null && (
        <p>
          <a href={`/admin/audit${auditQuery(raw, { before: String(props.next) })}`}>Older events</a>
        </p>
      )}
    </ConsoleFrame>
  );
}
