/** @jsxRuntime automatic @jsxImportSource preact */
import type { AuditEvent } from '@passgate/core/events';
import type { VNode } from 'preact';
import { AuditTable, describeInitiator } from './audit-table.js';
import { formatSpan, formatTime, STATUS_WORDS } from './console-format.js';
import { ActionForm, ConsoleFrame, type ConsoleView } from './console-frame.js';
import type { OpenJob, UserDetail } from './read-user-detail.js';
import { adviceFor } from './sync-error-advice.js';
import type { UserActionDone } from './user-actions.js';

const DONE_WORDS: { readonly [A in UserActionDone]: string } = {
  unlock: 'Unlocked: the person can sign in again.',
  'not-locked': 'Nothing to unlock: the account was not locked.',
  'reset-link': 'A reset link is on its way to the work address.',
  'activation-link': 'A new welcome link is on its way; older ones stop working.',
  expire: 'The password is expired: the person must set a new one.',
  'not-expired': 'Nothing to expire: the account was not active.',
  suspend:
    'Suspended: the person cannot sign in to the portal, and Microsoft 365 blocks sign-in once the sync has run.',
  unsuspend: 'Unsuspended: the account is back as it was.',
  'never-expires-on': 'The password of this account no longer expires.',
  'never-expires-off': 'The password of this account expires with the policy again.',
  retry: 'The job will be tried again now.',
};

const STATE_EVENTS = new Set<AuditEvent['event_type']>([
  'user_suspended',
  'user_unsuspended',
  'user_password_expired',
  'user_password_drift',
  'user_lockout',
  'user_create',
]);

function stateReason(detail: UserDetail): string {
  const { status } = detail.user;
  const last = detail.timeline.find((event) => STATE_EVENTS.has(event.event_type));
  const since =
    last === undefined
      ? ''
      : ` Since ${formatTime(Date.parse(last.timestamp))}, ${last.event_type} by ${describeInitiator(last)}.`;
  switch (status) {
    case 'active':
      return `Can sign in and change the password.${since}`;
    case 'expired':
      return `The password expired (by age, by an admin or after a change made outside the portal): the person signs in with it once to set a new one.${since}`;
    case 'suspended':
      return `An admin suspended the account: only support can lift it, and unsuspending restores the state before.${since}`;
    default:
      return `Created without a password: the person sets the first one from the welcome link.${since}`;
  }
}

function JobLine({ job, view, now }: { job: OpenJob; view: ConsoleView; now: number }): VNode {
  const what =
    job.kind === 'set_password' ? 'New password' : job.enable ? 'Unblock sign-in' : 'Block sign-in';
  const advice = adviceFor(job.lastError);
  return (
    <li>
      {what}: {job.status}, {job.attempts} attempt(s)
      {job.status === 'queued' && job.nextAttemptAt > now
        ? `, next in ${formatSpan(job.nextAttemptAt - now)}`
        : ''}
      {job.lastError !== null && (
        <>
          . Last error: <code>{job.lastError}</code>
          {advice !== null && <> {advice}</>}
        </>
      )}
      {job.status === 'queued' && job.lastError !== null && (
        <ActionForm
          action={`/admin/sync/${job.id}/retry`}
          label="Retry now"
          csrfToken={view.csrfToken}
          secondary
        />
      )}
    </li>
  );
}

/** One person: state and why, lock, password age, sync, waiting jobs, the actions of the admin's role, timeline. */
export function UserPage(props: {
  view: ConsoleView;
  detail: UserDetail;
  now: number;
  done: UserActionDone | null;
}): VNode {
  const { view, detail, now } = props;
  const { user } = detail;
  const base = `/admin/users/${user.id}`;
  const admin = view.admin.role === 'admin';
  const lastSyncAdvice = adviceFor(user.lastSyncError);
  return (
    <ConsoleFrame view={view} title={user.displayName ?? user.email} section="users">
      {props.done !== null && (
        <p class="notice" role="status">
          {DONE_WORDS[props.done]}
        </p>
      )}
      <dl class="console-facts">
        <dt>E-mail</dt>
        <dd>{user.email}</dd>
        <dt>State</dt>
        <dd>
          <strong>{STATUS_WORDS[user.status]}</strong>. {stateReason(detail)}
        </dd>
        <dt>Lock</dt>
        <dd>
          {user.lockedUntil === null
            ? 'Not locked.'
            : `Locked after too many wrong passwords, until ${formatTime(user.lockedUntil.getTime())} (${formatSpan(user.lockedUntil.getTime() - now)} from now).`}
        </dd>
        <dt>Password</dt>
        <dd>
          Set {formatTime(user.passwordChangedAt.getTime())},{' '}
          {formatSpan(now - user.passwordChangedAt.getTime())} ago.{' '}
          {user.neverExpires
            ? 'Never expires (exempt).'
            : detail.expiresAt === null
              ? 'The policy sets no expiry.'
              : `Expires ${formatTime(detail.expiresAt)}.`}
        </dd>
        <dt>Tenant</dt>
        <dd>{detail.tenant ?? 'none: portal only'}</dd>
        <dt>Last sync</dt>
        <dd>
          {formatTime(user.lastSyncedAt?.getTime() ?? null)}
          {user.lastSyncError !== null && (
            <>
              . Last error: <code>{user.lastSyncError}</code> {lastSyncAdvice}
            </>
          )}
        </dd>
        <dt>Waiting for Microsoft 365</dt>
        <dd>
          {detail.jobs.length === 0 && detail.failedJob === null ? (
            'Nothing.'
          ) : (
            <ul>
              {detail.jobs.map((job) => (
                <JobLine key={job.id} job={job} view={view} now={now} />
              ))}
              {detail.failedJob !== null && <JobLine job={detail.failedJob} view={view} now={now} />}
            </ul>
          )}
          {detail.failedJob?.kind === 'set_account_enabled' && (
            <ActionForm
              action={`/admin/sync/${detail.failedJob.id}/retry`}
              label="Retry the failed job"
              csrfToken={view.csrfToken}
              secondary
            />
          )}
        </dd>
      </dl>
      <section aria-labelledby="actions">
        <h2 id="actions">Actions</h2>
        <div class="console-actions">
          {user.lockedUntil !== null && (
            <ActionForm action={`${base}/unlock`} label="Unlock" csrfToken={view.csrfToken} />
          )}
          {(user.status === 'active' || user.status === 'expired') && (
            <ActionForm action={`${base}/reset-link`} label="Send reset link" csrfToken={view.csrfToken} />
          )}
          {user.status === 'pending_activation' && (
            <ActionForm
              action={`${base}/activation-link`}
              label="Send activation link"
              csrfToken={view.csrfToken}
            />
          )}
          {user.status === 'active' && (
            <a class="button button--secondary" href={`${base}/expire`}>
              Expire password…
            </a>
          )}
          {admin && user.status !== 'suspended' && (
            <a class="button button--secondary" href={`${base}/suspend`}>
              Suspend…
            </a>
          )}
          {admin && user.status === 'suspended' && (
            <a class="button button--secondary" href={`${base}/unsuspend`}>
              Unsuspend…
            </a>
          )}
          {admin && (
            <ActionForm
              action={`${base}/never-expires`}
              label={user.neverExpires ? 'Let the password expire again' : 'Set never expires'}
              csrfToken={view.csrfToken}
              fields={{ on: user.neverExpires ? 'off' : 'on' }}
              secondary
            />
          )}
        </div>
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        {detail.timeline.length === 0 ? (
          <p>No events.</p>
        ) : (
          <AuditTable
            events={detail.timeline}
            caption={`The latest events of ${user.email}, newest first`}
            showUser={false}
          />
        )}
        <p>
          <a href={`/admin/audit?user=${encodeURIComponent(user.email)}`}>Everything in the audit log</a>
        </p>
      </section>
    </ConsoleFrame>
  );
}

/** The step before an action that blocks someone: what it will do, and one button to do it. */
export function ConfirmPage(props: {
  view: ConsoleView;
  title: string;
  paragraphs: readonly string[];
  action: string;
  button: string;
  back: string;
}): VNode {
  return (
    <ConsoleFrame view={props.view} title={props.title} section="users">
      {props.paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      <div class="console-actions">
        <ActionForm action={props.action} label={props.button} csrfToken={props.view.csrfToken} />
        <a class="button button--secondary" href={props.back}>
          Cancel
        </a>
      </div>
    </ConsoleFrame>
  );
}
