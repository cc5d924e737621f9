/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from '../../views/page-language.js';
import { formatSpan, formatTime } from './console-format.js';
import { ActionForm, ConsoleFrame, type ConsoleView } from './console-frame.js';
import type { QueueJob } from './read-sync-queue.js';
import { adviceFor, errorCodeOf } from './sync-error-advice.js';
import { JOB_STATUS_KEYS } from './user-page.js';

function JobsTable(props: {
  view: ConsoleView;
  jobs: readonly QueueJob[];
  caption: string;
  now: number;
}): VNode {
  const messages = useMessages();
  const { t } = messages;
  const admin = props.view.admin.role === 'admin';
  return (
    <table class="console-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.sync.user')}</th>
          <th scope="col">{t('console.sync.job')}</th>
          <th scope="col">{t('console.sync.error')}</th>
          <th scope="col">{t('console.sync.advice')}</th>
          <th scope="col">{t('console.sync.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.jobs.map((job) => {
          const retryable =
            job.status === 'queued' || (job.status === 'failed' && job.kind === 'set_account_enabled');
          return (
            <tr key={job.id}>
              <td>{job.email}</td>
              <td>
                {t('console.sync.jobLine', {
                  kind: t(
                    job.kind === 'set_password' ? 'console.sync.kindPassword' : 'console.sync.kindSignIn',
                  ),
                  status: t(JOB_STATUS_KEYS[job.status]),
                  attempts: job.attempts,
                  span: formatSpan(messages, props.now - job.createdAt),
                })}
                {job.status === 'queued' &&
                  `, ${t('console.sync.nextAt', { time: formatTime(messages, job.nextAttemptAt) })}`}
              </td>
              <td>
                <code>{errorCodeOf(job.lastError) ?? '–'}</code>
                <br />
                {job.lastError}
              </td>
              <td>{adviceFor(messages, job.lastError)}</td>
              <td>
                {retryable && (
                  <ActionForm
                    action={`/admin/sync/${job.id}/retry`}
                    label={t('console.job.retryNow')}
                    csrfToken={props.view.csrfToken}
                  />
                )}
                {admin && job.status === 'queued' && (
                  <a class="button button--secondary" href={`/admin/sync/${job.id}/give-up`}>
                    {t('console.job.giveUp')}
                  </a>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Jobs that failed or keep retrying, each with Microsoft's code and what to do about it. */
export function SyncPage(props: {
  view: ConsoleView;
  retrying: readonly QueueJob[];
  failed: readonly QueueJob[];
  now: number;
  done: 'retry' | 'give-up' | null;
}): VNode {
  const { t } = useMessages();
  return (
    <ConsoleFrame view={props.view} title={t('console.nav.sync')} section="sync">
      {props.done !== null && (
        <p class="notice" role="status">
          {t(props.done === 'retry' ? 'console.done.retry' : 'console.done.giveUp')}
        </p>
      )}
      <h2>{t('console.sync.retrying')}</h2>
      {props.retrying.length === 0 ? (
        <p>{t('console.sync.noneRetrying')}</p>
      ) : (
        <JobsTable
          view={props.view}
          jobs={props.retrying}
          caption={t('console.sync.retryingCaption')}
          now={props.now}
        />
      )}
      <h2>{t('console.sync.failed')}</h2>
      {props.failed.length === 0 ? (
        <p>{t('console.sync.noneFailed')}</p>
      ) : (
        <JobsTable
          view={props.view}
          jobs={props.failed}
          caption={t('console.sync.failedCaption')}
          now={props.now}
        />
      )}
    </ConsoleFrame>
  );
}
