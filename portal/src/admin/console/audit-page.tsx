/** @jsxRuntime automatic @jsxImportSource preact */
import { AUDIT_EVENT_TYPES } from '@passgate/core/events';
import type { VNode } from 'preact';
import { useMessages } from '../../views/page-language.js';
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
  const { t } = useMessages();
  return (
    <ConsoleFrame view={props.view} title={t('console.nav.audit')} section="audit">
      {props.problem !== null && (
        <p class="error-summary" role="alert">
          {props.problem}
        </p>
      )}
      <form method="get" action="/admin/audit" class="console-filters" aria-label={t('console.filters')}>
        <TextFilter id="user" label={t('console.audit.user')} value={raw.user ?? ''} />
        <div class="field">
          <label class="field__label" for="type">
            {t('console.audit.type')}
          </label>
          <select class="field__input" id="type" name="type">
            <option value="">{t('console.audit.anyEvent')}</option>
            {AUDIT_EVENT_TYPES.map((type) => (
              <option key={type} value={type} selected={raw.type === type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <TextFilter
          id="from"
          label={t('console.audit.from')}
          value={raw.from ?? ''}
          hint={t('console.audit.fromHint')}
        />
        <TextFilter
          id="to"
          label={t('console.audit.to')}
          value={raw.to ?? ''}
          hint={t('console.audit.toHint')}
        />
        <TextFilter
          id="initiator"
          label={t('console.audit.initiator')}
          value={raw.initiator ?? ''}
          hint={t('console.audit.initiatorHint')}
        />
        <button type="submit" class="button">
          {t('console.audit.filter')}
        </button>
      </form>
      <p>
        {t('console.audit.export')} <a href={`/admin/audit/export.csv${auditQuery(raw)}`}>CSV</a> ·{' '}
        <a href={`/admin/audit/export.jsonl${auditQuery(raw)}`}>{t('console.audit.jsonLines')}</a>
      </p>
      {props.rows.length === 0 ? (
        <p role="status">{t('console.audit.none')}</p>
      ) : (
        <AuditTable
          events={props.rows.map((row) => row.event)}
          caption={t('console.audit.caption')}
          showUser
        />
      )}
      {props.next !== null && (
        <p>
          <a href={`/admin/audit${auditQuery(raw, { before: String(props.next) })}`}>
            {t('console.audit.older')}
          </a>
        </p>
      )}
    </ConsoleFrame>
  );
}
