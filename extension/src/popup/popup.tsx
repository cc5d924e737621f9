import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ext } from '../lib/ext.js';
import { PolicyProblems } from '../lib/policy-problems.js';
import { idleReason, portalBase } from '../lib/resolve-settings.js';
import { type LastRedirect, readLastRedirect } from '../lib/settings-store.js';
import { useSettings } from '../lib/use-settings.js';

export function Popup(): JSX.Element {
  const resolved = useSettings();
  const [last, setLast] = useState<LastRedirect>();
  useEffect(() => void readLastRedirect().then(setLast), []);
  if (resolved === undefined) return <p>Loading…</p>;
  const { effective, managed } = resolved;
  const idle = idleReason(effective);
  const openPortal = (): void => {
    if (effective.portalUrl === undefined) return;
    void ext.tabs.create({ url: `${portalBase(effective.portalUrl)}/change` }).then(() => window.close());
  };
  return (
    <main>
      <h1>Passgate</h1>
      {idle === undefined ? (
        <p class="status" data-testid="status">
          Password pages of Microsoft 365 open in {effective.organisationName ?? 'your organisation'}'s
          password portal: <code data-testid="portal">{effective.portalUrl}</code>
        </p>
      ) : (
        <p class="status idle" data-testid="status">
          {idle === 'no-portal'
            ? 'Idle: no password portal is configured, so Microsoft password pages are left alone.'
            : 'Switched off: Microsoft password pages are left alone.'}
        </p>
      )}
      <p class="muted" data-testid="managed">
        {managed ? 'Managed by your organisation.' : 'Not managed by an organisation policy.'}
      </p>
      <PolicyProblems resolved={resolved} />
      <button type="button" class="primary" disabled={effective.portalUrl === undefined} onClick={openPortal}>
        Change my password
      </button>
      <p class="muted" data-testid="last-redirect">
        {last === undefined ? (
          'No redirect yet.'
        ) : (
          <>
            Last redirect {new Date(last.at).toLocaleString()} from <code>{last.from}</code>
          </>
        )}
      </p>
      {effective.supportUrl === undefined ? null : (
        <p class="muted">
          <a href={effective.supportUrl} target="_blank" rel="noreferrer">
            Get help
          </a>
        </p>
      )}
      <p class="muted">
        <a href={ext.runtime.getURL('src/options/index.html')} target="_blank" rel="noreferrer">
          Options
        </a>
      </p>
    </main>
  );
}
