/** @jsxRuntime automatic @jsxImportSource preact */
import type { MessageKey } from '@passgate/core/i18n';
import type { VNode } from 'preact';
import { useMessages } from '../../views/page-language.js';
import { formatTime, STATUS_KEYS } from './console-format.js';
import { ConsoleFrame, type ConsoleView } from './console-frame.js';
import type { UserListPage } from './search-users.js';
import type { UserFilters } from './user-filters.js';

const STATE_OPTIONS: readonly (readonly [string, MessageKey])[] = [
  ['', 'console.users.anyState'],
  ['active', 'console.state.active'],
  ['expired', 'console.state.expired'],
  ['locked', 'console.state.locked'],
  ['suspended', 'console.state.suspended'],
  ['pending_activation', 'console.state.pendingActivation'],
];

const SYNC_OPTIONS: readonly (readonly [string, MessageKey])[] = [
  ['', 'console.users.anySync'],
  ['failed', 'console.users.syncFailed'],
  ['waiting', 'console.users.syncWaiting'],
  ['in_step', 'console.users.syncInStep'],
];

function nextHref(filters: UserFilters, after: string): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'state', 'tenant', 'sync'] as const) {
    const value = filters[key];
    if (value !== undefined) params.set(key, value);
  }
  params.set('after', after);
  return `/admin/users?${params.toString()}`;
}

/** Search and filters (a GET form, so a result can be bookmarked), then one page of people by e-mail. */
export function UsersPage(props: {
  view: ConsoleView;
  filters: UserFilters;
  tenants: readonly string[];
  page: UserListPage;
}): VNode {
  const { filters, page } = props;
  const messages = useMessages();
  const { t } = messages;
  return (
    <ConsoleFrame view={props.view} title={t('console.nav.users')} section="users">
      <form method="get" action="/admin/users" class="console-filters" aria-label={t('console.filters')}>
        <div class="field">
          <label class="field__label" for="q">
            {t('console.users.q')}
          </label>
          <input class="field__input" id="q" name="q" type="search" value={filters.q ?? ''} />
        </div>
        <div class="field">
          <label class="field__label" for="state">
            {t('console.users.state')}
          </label>
          <select class="field__input" id="state" name="state">
            {STATE_OPTIONS.map(([value, key]) => (
              <option key={value} value={value} selected={(filters.state ?? '') === value}>
                {t(key)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="tenant">
            {t('console.users.tenant')}
          </label>
          <select class="field__input" id="tenant" name="tenant">
            <option value="">{t('console.users.anyTenant')}</option>
            {props.tenants.map((name) => (
              <option key={name} value={name} selected={filters.tenant === name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="sync">
            {t('console.users.syncStatus')}
          </label>
          <select class="field__input" id="sync" name="sync">
            {SYNC_OPTIONS.map(([value, key]) => (
              <option key={value} value={value} selected={(filters.sync ?? '') === value}>
                {t(key)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t('console.users.search')}
        </button>
      </form>
      {page.rows.length === 0 ? (
        <p role="status">{t('console.users.none')}</p>
      ) : (
        <table class="console-table">
          <caption class="visually-hidden">{t('console.users.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.users.email')}</th>
              <th scope="col">{t('console.users.name')}</th>
              <th scope="col">{t('console.users.state')}</th>
              <th scope="col">{t('console.users.lastSync')}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={row.email}>
                <td>
                  <a href={`/admin/users/${row.id}`}>{row.email}</a>
                </td>
                <td>{row.displayName ?? ''}</td>
                <td>
                  {row.lockedUntil === null
                    ? t(STATUS_KEYS[row.status])
                    : t('console.users.stateLocked', { state: t(STATUS_KEYS[row.status]) })}
                </td>
                <td>
                  {row.lastSyncError !== null
                    ? t('console.users.rowFailed')
                    : row.waitingJobs > 0
                      ? t('console.users.rowWaiting')
                      : formatTime(messages, row.lastSyncedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.next !== null && (
        <p>
          <a href={nextHref(filters, page.next)}>{t('console.users.next')}</a>
        </p>
      )}
    </ConsoleFrame>
  );
}
