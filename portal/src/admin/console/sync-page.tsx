/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { formatSpan, formatTime } from './console-format.js';
import { ActionForm, ConsoleFrame, type ConsoleView } from './console-frame.js';
import type { QueueJob } from './read-sync-queue.js';
import { adviceFor, errorCodeOf } from './sync-error-advice.js';

function JobsTable(props: {
  view: ConsoleView;
  jobs: readonly QueueJob[];
  caption: string;
  now: number;
}): VNode {
  const admin = props.view.admin.role === 'admin';
  return (
    <table class="console-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Job</th>
          <th scope="col">Microsoft's error</th>
          <th scope="col">What to do</th>
          <th scope="col">Actions</th>
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
                {job.kind === 'set_password' ? 'new password' : 'sign-in state'}, {job.status}, {job.attempts}{' '}
                attempt(s), waiting {formatSpan(props.now - job.createdAt)}
                {job.status === 'queued' && `, next ${formatTime(job.nextAttemptAt)}`}
              </td>
              <td>
                <code>{errorCodeOf(job.lastError) ?? '–'}</code>
                <br />
                {job.lastError}
              </td>
              <td>{adviceFor(job.lastError)}</td>
              <td>
                {retryable && (
                  <ActionForm
                    action={`/admin/sync/${job.id}/retry`}
                    label="Retry now"
                    csrfToken={props.view.csrfToken}
                  />
                )}
                {admin && job.status === 'queued' && (
                  <a class="button button--secondary" href={`/admin/sync/${job.id}/give-up`}>
                    Give up…
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
  return (
    <ConsoleFrame view={props.view} title="Sync queue" section="sync">
      {props.done !== null && (
        <p class="notice" role="status">
          {props.done === 'retry'
            ? 'The job will be tried again now.'
            : 'Given up: the person must change their password again.'}
        </p>
      )}
      <h2>Retrying</h2>
      {props.retrying.length === 0 ? (
        <p>No job is retrying.</p>
      ) : (
        <JobsTable
          view={props.view}
          jobs={props.retrying}
          caption="Jobs Microsoft 365 has not taken yet"
          now={props.now}
        />
      )}
      <h2>Failed</h2>
      {props.failed.length === 0 ? (
        <p>No job failed.</p>
      ) : (
        <JobsTable
          view={props.view}
          jobs={props.failed}
          caption="Jobs that ended without Microsoft 365 taking them"
          now={props.now}
        />
      )}
    </ConsoleFrame>
  );
}
