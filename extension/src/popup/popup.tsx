import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ext } from '../lib/ext.js';
import { t } from '../lib/i18n.js';
import { PolicyProblems } from '../lib/policy-problems.js';
import { idleReason, portalBase } from '../lib/resolve-settings.js';
import { type LastRedirect, readLastRedirect } from '../lib/settings-store.js';
import { useSettings } from '../lib/use-settings.js';

export function Popup(): JSX.Element {
  const resolved = useSettings();
  const [last, setLast] = useState<LastRedirect>();
  useEffect(() => void readLastRedirect().then(setLast), []);
  if (resolved === undefined) return <p>{t('loading')}</p>;
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
          {t('popupActive', effective.organisationName ?? t('yourOrganisation'))}{' '}
          <code data-testid="portal">{effective.portalUrl}</code>
        </p>
      ) : (
        <p class="status idle" data-testid="status">
          {idle === 'no-portal' ? t('popupIdleNoPortal') : t('popupIdleDisabled')}
        </p>
      )}
      <p class="muted" data-testid="managed">
        {managed ? t('popupManaged') : t('popupNotManaged')}
      </p>
      <PolicyProblems resolved={resolved} />
      <button type="button" class="primary" disabled={effective.portalUrl === undefined} onClick={openPortal}>
        {t('changeMyPassword')}
      </button>
      <p class="muted" data-testid="last-redirect">
        {last === undefined ? (
          t('noRedirectYet')
        ) : (
          <>
            {t('lastRedirect', new Date(last.at).toLocaleString())} <code>{last.from}</code>
          </>
        )}
      </p>
      {effective.supportUrl === undefined ? null : (
        <p class="muted">
          <a href={effective.supportUrl} target="_blank" rel="noreferrer">
            {t('getHelp')}
          </a>
        </p>
      )}
      <p class="muted">
        <a href={ext.runtime.getURL('src/options/index.html')} target="_blank" rel="noreferrer">
          {t('options')}
        </a>
      </p>
    </main>
  );
}
