/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { formatSpan, formatTime } from './console-format.js';
import { ConsoleFrame, type ConsoleView } from './console-frame.js';
import type { Overview } from './read-overview.js';

function Figure({ label, value, href }: { label: string; value: number | string; href?: string }): VNode {
  return (
    <div class="console-figure">
      <dt>{href === undefined ? label : <a href={href}>{label}</a>}</dt>
      <dd>{value}</dd>
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
  const { users, sync, mail, needsPerson } = overview;
  const needs = needsPerson.failedJobs + needsPerson.failedMail;
  return (
    <ConsoleFrame view={view} title="Overview" section="overview">
      <section aria-labelledby="needs">
        <h2 id="needs">Needs a person</h2>
        {needs === 0 ? (
          <p>Nothing: no failed sync job and no undeliverable mail.</p>
        ) : (
          <ul>
            {needsPerson.failedJobs > 0 && (
              <li>
                <a href="/admin/sync">{needsPerson.failedJobs} failed sync job(s)</a>: Microsoft 365 does not
                have these people's last password.
              </li>
            )}
            {needsPerson.failedMail > 0 && (
              <li>
                {needsPerson.failedMail} mail(s) could not be delivered: check the SMTP settings and the log.
              </li>
            )}
          </ul>
        )}
      </section>
      <section aria-labelledby="people">
        <h2 id="people">People</h2>
        <dl class="console-figures">
          <Figure label="Active" value={users.active} href="/admin/users?state=active" />
          <Figure label="Password expired" value={users.expired} href="/admin/users?state=expired" />
          <Figure label="Locked" value={users.locked} href="/admin/users?state=locked" />
          <Figure label="Suspended" value={users.suspended} href="/admin/users?state=suspended" />
          <Figure
            label="Pending activation"
            value={users.pendingActivation}
            href="/admin/users?state=pending_activation"
          />
        </dl>
      </section>
      <section aria-labelledby="queue">
        <h2 id="queue">Sync to Microsoft 365</h2>
        <dl class="console-figures">
          <Figure label="Queued" value={sync.queued} />
          <Figure label="Running" value={sync.running} />
          <Figure label="Failed" value={sync.failed} href="/admin/sync" />
          <Figure
            label="Oldest waiting"
            value={sync.oldestWaitingAt === null ? 'none' : formatSpan(now - sync.oldestWaitingAt)}
          />
          <Figure label="Throttling pauses, last hour" value={sync.pausesLastHour} />
        </dl>
      </section>
      <section aria-labelledby="tenants">
        <h2 id="tenants">Tenants</h2>
        {overview.tenants.length === 0 ? (
          <p>No tenant is connected: the portal keeps passwords for itself only.</p>
        ) : (
          <table class="console-table">
            <thead>
              <tr>
                <th scope="col">Tenant</th>
                <th scope="col">Last successful call</th>
                <th scope="col">Last Graph error</th>
                <th scope="col">Pauses, last hour</th>
              </tr>
            </thead>
            <tbody>
              {overview.tenants.map((tenant) => (
                <tr key={tenant.name}>
                  <th scope="row">{tenant.name}</th>
                  <td>{formatTime(tenant.lastOkAt)}</td>
                  <td>
                    {tenant.lastError === null
                      ? 'none'
                      : `${tenant.lastError.code} at ${formatTime(tenant.lastError.at)}: ${tenant.lastError.message}`}
                  </td>
                  <td>{tenant.pausesLastHour}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="mail">
        <h2 id="mail">Mail queue</h2>
        <dl class="console-figures">
          <Figure label="Queued" value={mail.queued} />
          <Figure label="Sending" value={mail.sending} />
          <Figure label="Undeliverable" value={mail.failed} />
        </dl>
      </section>
    </ConsoleFrame>
  );
}
