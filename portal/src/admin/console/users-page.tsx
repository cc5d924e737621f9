/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { formatTime, STATUS_WORDS } from './console-format.js';
import { ConsoleFrame, type ConsoleView } from './console-frame.js';
import type { UserListPage } from './search-users.js';
import type { UserFilters } from './user-filters.js';

const STATE_OPTIONS = [
  ['', 'Any state'],
  ['active', 'Active'],
  ['expired', 'Password expired'],
  ['locked', 'Locked'],
  ['suspended', 'Suspended'],
  ['pending_activation', 'Pending activation'],
] as const;

const SYNC_OPTIONS = [
  ['', 'Any sync status'],
  ['failed', 'Last sync failed'],
  ['waiting', 'Waiting for Microsoft 365'],
  ['in_step', 'In step'],
] as const;

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
  return (
    <ConsoleFrame view={props.view} title="Users" section="users">
      <form method="get" action="/admin/users" class="console-filters" aria-label="Filters">
        <div class="field">
          <label class="field__label" for="q">
            E-mail or name begins with
          </label>
          <input class="field__input" id="q" name="q" type="search" value={filters.q ?? ''} />
        </div>
        <div class="field">
          <label class="field__label" for="state">
            State
          </label>
          <select class="field__input" id="state" name="state">
            {STATE_OPTIONS.map(([value, text]) => (
              <option key={value} value={value} selected={(filters.state ?? '') === value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="tenant">
            Tenant
          </label>
          <select class="field__input" id="tenant" name="tenant">
            <option value="">Any tenant</option>
            {props.tenants.map((name) => (
              <option key={name} value={name} selected={filters.tenant === name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="sync">
            Sync status
          </label>
          <select class="field__input" id="sync" name="sync">
            {SYNC_OPTIONS.map(([value, text]) => (
              <option key={value} value={value} selected={(filters.sync ?? '') === value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          Search
        </button>
      </form>
      {page.rows.length === 0 ? (
        <p role="status">No one matches.</p>
      ) : (
        <table class="console-table">
          <caption class="visually-hidden">People matching the search, by e-mail</caption>
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Last sync</th>
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
                  {STATUS_WORDS[row.status]}
                  {row.lockedUntil !== null && ', locked'}
                </td>
                <td>
                  {row.lastSyncError !== null
                    ? 'failed'
                    : row.waitingJobs > 0
                      ? 'waiting'
                      : formatTime(row.lastSyncedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.next !== null && (
        <p>
          <a href={nextHref(filters, page.next)}>Next page</a>
        </p>
      )}
    </ConsoleFrame>
  );
}
