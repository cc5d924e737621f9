/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from '../../views/page-language.js';
import { formatCount, formatSpan, formatTime } from './console-format.js';
import { ConsoleFrame, type ConsoleView } from './console-frame.js';
import type { Overview } from './read-overview.js';

function Figure({ label, value, href }: { label: string; value: number | string; href?: string }): VNode {
  const messages = useMessages();
  return (
    <div class="console-figure">
      <dt>{href === undefined ? label : <a href={href}>{label}</a>}</dt>
      <dd>{typeof value === 'number' ? formatCount(messages, value) : value}</dd>
    </div>
  );
}

/** The console's first page: people by state, the sync queue, each tenant's connection, mail, and what needs a person. */
export function OverviewPage({
  view,
  overview,
  now,
}: {
  view: ConsoleView;
  overview: Overview;
  now: number;
}): VNode {
  const messages = useMessages();
  const { t } = messages;
  const { users, sync, mail, needsPerson } = overview;
  const needs = needsPerson.failedJobs + needsPerson.failedMail;
  return (
    <ConsoleFrame view={view} title={t('console.nav.overview')} section="overview">
      <section aria-labelledby="needs">
        <h2 id="needs">{t('console.overview.needs')}</h2>
        {needs === 0 ? (
          <p>{t('console.overview.nothingNeeded')}</p>
        ) : (
          <ul>
            {needsPerson.failedJobs > 0 && (
              <li>
                <a href="/admin/sync">
                  {t('console.overview.failedJobs', { count: needsPerson.failedJobs })}
                </a>
                {': '}
                {t('console.overview.failedJobsWhy')}
              </li>
            )}
            {needsPerson.failedMail > 0 && (
              <li>{t('console.overview.failedMail', { count: needsPerson.failedMail })}</li>
            )}
          </ul>
        )}
      </section>
      <section aria-labelledby="people">
        <h2 id="people">{t('console.overview.people')}</h2>
        <dl class="console-figures">
          <Figure label={t('console.state.active')} value={users.active} href="/admin/users?state=active" />
          <Figure
            label={t('console.state.expired')}
            value={users.expired}
            href="/admin/users?state=expired"
          />
          <Figure label={t('console.state.locked')} value={users.locked} href="/admin/users?state=locked" />
          <Figure
            label={t('console.state.suspended')}
            value={users.suspended}
            href="/admin/users?state=suspended"
          />
          <Figure
            label={t('console.state.pendingActivation')}
            value={users.pendingActivation}
            href="/admin/users?state=pending_activation"
          />
        </dl>
      </section>
      <section aria-labelledby="queue">
        <h2 id="queue">{t('console.overview.sync')}</h2>
        <dl class="console-figures">
          <Figure label={t('console.overview.queued')} value={sync.queued} />
          <Figure label={t('console.overview.running')} value={sync.running} />
          <Figure label={t('console.overview.failed')} value={sync.failed} href="/admin/sync" />
          <Figure
            label={t('console.overview.oldestWaiting')}
            value={
              sync.oldestWaitingAt === null
                ? t('console.overview.none')
                : formatSpan(messages, now - sync.oldestWaitingAt)
            }
          />
          <Figure label={t('console.overview.pausesLastHour')} value={sync.pausesLastHour} />
        </dl>
      </section>
      <section aria-labelledby="tenants">
        <h2 id="tenants">{t('console.overview.tenants')}</h2>
        {overview.tenants.length === 0 ? (
          <p>{t('console.overview.noTenant')}</p>
        ) : (
          <table class="console-table">
            <thead>
              <tr>
                <th scope="col">{t('console.overview.tenant')}</th>
                <th scope="col">{t('console.overview.lastOk')}</th>
                <th scope="col">{t('console.overview.lastError')}</th>
                <th scope="col">{t('console.overview.pauses')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.tenants.map((tenant) => (
                <tr key={tenant.name}>
                  <th scope="row">{tenant.name}</th>
                  <td>{formatTime(messages, tenant.lastOkAt)}</td>
                  <td>
                    {tenant.lastError === null
                      ? t('console.overview.none')
                      : t('console.overview.tenantError', {
                          code: tenant.lastError.code,
                          time: formatTime(messages, tenant.lastError.at),
                          message: tenant.lastError.message,
                        })}
                  </td>
                  <td>{formatCount(messages, tenant.pausesLastHour)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="mail">
        <h2 id="mail">{t('console.overview.mail')}</h2>
        <dl class="console-figures">
          <Figure label={t('console.overview.queued')} value={mail.queued} />
          <Figure label={t('console.overview.sending')} value={mail.sending} />
          <Figure label={t('console.overview.undeliverable')} value={mail.failed} />
        </dl>
      </section>
    </ConsoleFrame>
  );
}
