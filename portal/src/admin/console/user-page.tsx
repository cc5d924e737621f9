/** @jsxRuntime automatic @jsxImportSource preact */
import type { AuditEvent } from '@passgate/core/events';
import type { MessageKey, Messages } from '@passgate/core/i18n';
import type { VNode } from 'preact';
import type { JobStatus } from '../../store/database-schema.js';
import { useMessages } from '../../views/page-language.js';
import { AuditTable, describeInitiator } from './audit-table.js';
import { formatSpan, formatTime, STATUS_KEYS } from './console-format.js';
import { ActionForm, ConsoleFrame, type ConsoleSection, type ConsoleView } from './console-frame.js';
import type { OpenJob, UserDetail } from './read-user-detail.js';
import { adviceFor } from './sync-error-advice.js';
import type { UserActionDone } from './user-actions.js';

const DONE_KEYS: { readonly [A in UserActionDone]: MessageKey } = {
  unlock: 'console.done.unlock',
  'not-locked': 'console.done.notLocked',
  'reset-link': 'console.done.resetLink',
  'activation-link': 'console.done.activationLink',
  expire: 'console.done.expire',
  'not-expired': 'console.done.notExpired',
  suspend: 'console.done.suspend',
  unsuspend: 'console.done.unsuspend',
  'never-expires-on': 'console.done.neverExpiresOn',
  'never-expires-off': 'console.done.neverExpiresOff',
  retry: 'console.done.retry',
};

/** A sync job's state, as the console names it (the stored value stays the code). */
export const JOB_STATUS_KEYS: { readonly [S in JobStatus]: MessageKey } = {
  queued: 'console.jobStatus.queued',
  running: 'console.jobStatus.running',
  done: 'console.jobStatus.done',
  failed: 'console.jobStatus.failed',
  superseded: 'console.jobStatus.superseded',
};

const REASON_KEYS = {
  active: 'console.user.reason.active',
  expired: 'console.user.reason.expired',
  suspended: 'console.user.reason.suspended',
  pending_activation: 'console.user.reason.pendingActivation',
} as const satisfies Record<UserDetail['user']['status'], MessageKey>;

const STATE_EVENTS = new Set<AuditEvent['event_type']>([
  'user_suspended',
  'user_unsuspended',
  'user_password_expired',
  'user_password_drift',
  'user_lockout',
  'user_create',
]);

function stateReason(messages: Messages, detail: UserDetail): string {
  const { t } = messages;
  const last = detail.timeline.find((event) => STATE_EVENTS.has(event.event_type));
  const reason = t(REASON_KEYS[detail.user.status]);
  if (last === undefined) return reason;
  // The event keeps its audit code: it is what the audit log and its exports are searched by.
  const since = t('console.user.since', {
    time: formatTime(messages, Date.parse(last.timestamp)),
    event: last.event_type,
    initiator: describeInitiator(messages, last),
  });
  return `${reason} ${since}`;
}

function JobLine({ job, view, now }: { job: OpenJob; view: ConsoleView; now: number }): VNode {
  const messages = useMessages();
  const { t } = messages;
  const what = t(
    job.kind === 'set_password'
      ? 'console.job.newPassword'
      : job.enable
        ? 'console.job.unblock'
        : 'console.job.block',
  );
  const advice = adviceFor(messages, job.lastError);
  const line = t('console.job.line', {
    what,
    status: t(JOB_STATUS_KEYS[job.status]),
    attempts: job.attempts,
  });
  return (
    <li>
      {line}
      {job.status === 'queued' && job.nextAttemptAt > now
        ? `, ${t('console.job.nextIn', { span: formatSpan(messages, job.nextAttemptAt - now) })}`
        : ''}
      {job.lastError !== null && (
        <>
          . {t('console.user.lastError')} <code>{job.lastError}</code>
          {advice !== null && <> {advice}</>}
        </>
      )}
      {job.status === 'queued' && job.lastError !== null && (
        <ActionForm
          action={`/admin/sync/${job.id}/retry`}
          label={t('console.job.retryNow')}
          csrfToken={view.csrfToken}
          secondary
        />
      )}
    </li>
  );
}

function passwordExpiry(messages: Messages, detail: UserDetail): string {
  if (detail.user.neverExpires) return messages.t('console.user.neverExpires');
  if (detail.expiresAt === null) return messages.t('console.user.noExpiry');
  return messages.t('console.user.expires', { time: formatTime(messages, detail.expiresAt) });
}

/** One person: state and why, lock, password age, sync, waiting jobs, the actions of the admin's role, timeline. */
export function UserPage(props: {
  view: ConsoleView;
  detail: UserDetail;
  now: number;
  done: UserActionDone | null;
}): VNode {
  const { view, detail, now } = props;
  const messages = useMessages();
  const { t } = messages;
  const { user } = detail;
  const base = `/admin/users/${user.id}`;
  const admin = view.admin.role === 'admin';
  const lastSyncAdvice = adviceFor(messages, user.lastSyncError);
  const changedAt = user.passwordChangedAt.getTime();
  return (
    <ConsoleFrame view={view} title={user.displayName ?? user.email} section="users">
      {props.done !== null && (
        <p class="notice" role="status">
          {t(DONE_KEYS[props.done])}
        </p>
      )}
      <dl class="console-facts">
        <dt>{t('console.user.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('console.user.state')}</dt>
        <dd>
          <strong>{t(STATUS_KEYS[user.status])}</strong>. {stateReason(messages, detail)}
        </dd>
        <dt>{t('console.user.lock')}</dt>
        <dd>
          {user.lockedUntil === null
            ? t('console.user.notLocked')
            : t('console.user.lockedUntil', {
                time: formatTime(messages, user.lockedUntil.getTime()),
                span: formatSpan(messages, user.lockedUntil.getTime() - now),
              })}
        </dd>
        <dt>{t('console.user.password')}</dt>
        <dd>
          {t('console.user.passwordSet', {
            time: formatTime(messages, changedAt),
            span: formatSpan(messages, now - changedAt),
          })}{' '}
          {passwordExpiry(messages, detail)}
        </dd>
        <dt>{t('console.user.tenant')}</dt>
        <dd>{detail.tenant ?? t('console.user.portalOnly')}</dd>
        <dt>{t('console.user.lastSync')}</dt>
        <dd>
          {formatTime(messages, user.lastSyncedAt?.getTime() ?? null)}
          {user.lastSyncError !== null && (
            <>
              . {t('console.user.lastError')} <code>{user.lastSyncError}</code> {lastSyncAdvice}
            </>
          )}
        </dd>
        <dt>{t('console.user.waiting')}</dt>
        <dd>
          {detail.jobs.length === 0 && detail.failedJob === null ? (
            t('console.user.nothingWaiting')
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
              label={t('console.user.retryFailed')}
              csrfToken={view.csrfToken}
              secondary
            />
          )}
        </dd>
      </dl>
      <section aria-labelledby="actions">
        <h2 id="actions">{t('console.user.actions')}</h2>
        <div class="console-actions">
          {user.lockedUntil !== null && (
            <ActionForm
              action={`${base}/unlock`}
              label={t('console.user.unlock')}
              csrfToken={view.csrfToken}
            />
          )}
          {(user.status === 'active' || user.status === 'expired') && (
            <ActionForm
              action={`${base}/reset-link`}
              label={t('console.user.sendReset')}
              csrfToken={view.csrfToken}
            />
          )}
          {user.status === 'pending_activation' && (
            <ActionForm
              action={`${base}/activation-link`}
              label={t('console.user.sendActivation')}
              csrfToken={view.csrfToken}
            />
          )}
          {user.status === 'active' && (
            <a class="button button--secondary" href={`${base}/expire`}>
              {t('console.user.expire')}
            </a>
          )}
          {admin && user.status !== 'suspended' && (
            <a class="button button--secondary" href={`${base}/suspend`}>
              {t('console.user.suspend')}
            </a>
          )}
          {admin && user.status === 'suspended' && (
            <a class="button button--secondary" href={`${base}/unsuspend`}>
              {t('console.user.unsuspend')}
            </a>
          )}
          {admin && (
            <ActionForm
              action={`${base}/never-expires`}
              label={t(user.neverExpires ? 'console.user.neverExpiresOff' : 'console.user.neverExpiresOn')}
              csrfToken={view.csrfToken}
              fields={{ on: user.neverExpires ? 'off' : 'on' }}
              secondary
            />
          )}
        </div>
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t('console.user.timeline')}</h2>
        {detail.timeline.length === 0 ? (
          <p>{t('console.user.noEvents')}</p>
        ) : (
          <AuditTable
            events={detail.timeline}
            caption={t('console.user.timelineCaption', { email: user.email })}
            showUser={false}
          />
        )}
        <p>
          <a href={`/admin/audit?user=${encodeURIComponent(user.email)}`}>{t('console.user.allInAudit')}</a>
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
  /** The console section the action belongs to, marked in the navigation. */
  section: ConsoleSection;
}): VNode {
  const { t } = useMessages();
  return (
    <ConsoleFrame view={props.view} title={props.title} section={props.section}>
      {props.paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      <div class="console-actions">
        <ActionForm action={props.action} label={props.button} csrfToken={props.view.csrfToken} />
        <a class="button button--secondary" href={props.back}>
          {t('console.confirm.cancel')}
        </a>
      </div>
    </ConsoleFrame>
  );
}
