import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ext } from '../lib/ext.js';
import { t, textLanguage } from '../lib/i18n.js';
import { PolicyProblems } from '../lib/policy-problems.js';
import { idleReason, portalBase } from '../lib/resolve-settings.js';
import { type LastRedirect, readLastRedirect } from '../lib/settings-store.js';
import { useSettings } from '../lib/use-settings.js';

export function Popup(): JSX.Element {
  const resolved = useSettings();
  const [last, setLast] = useState<LastRedirect>();
  useEffect(() => void readLastRedirect().then(setLast), []);
  if (resolved === undefined) return <p>{t('extension.loading')}</p>;
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
          {t('extension.popupActive', effective.organisationName ?? t('extension.yourOrganisation'))}{' '}
          <code data-testid="portal">{effective.portalUrl}</code>
        </p>
      ) : (
        <p class="status idle" data-testid="status">
          {idle === 'no-portal' ? t('extension.popupIdleNoPortal') : t('extension.popupIdleDisabled')}
        </p>
      )}
      <p class="muted" data-testid="managed">
        {managed ? t('extension.popupManaged') : t('extension.popupNotManaged')}
      </p>
      <PolicyProblems resolved={resolved} />
      <button type="button" class="primary" disabled={effective.portalUrl === undefined} onClick={openPortal}>
        {t('extension.changeMyPassword')}
      </button>
      <p class="muted" data-testid="last-redirect">
        {last === undefined ? (
          t('extension.noRedirectYet')
        ) : (
          <>
            {t('extension.lastRedirect', new Date(last.at).toLocaleString(textLanguage().lang))}{' '}
            <code>{last.from}</code>
          </>
        )}
      </p>
      {effective.supportUrl === undefined ? null : (
        <p class="muted">
          <a href={effective.supportUrl} target="_blank" rel="noreferrer">
            {t('extension.getHelp')}
          </a>
        </p>
      )}
      <p class="muted">
        <a href={ext.runtime.getURL('src/options/index.html')} target="_blank" rel="noreferrer">
          {t('extension.options')}
        </a>
      </p>
    </main>
  );
}
