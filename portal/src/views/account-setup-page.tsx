/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { SecurityInfo } from '../recovery/security-info-service.js';
import { AddMethods } from './account-add-methods.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';

/** "Remind me later", with how many times it may still be said; nothing once none are left. */
export function RemindLater(props: { csrfToken: string; skipsLeft: number }): VNode {
  const { t } = useMessages();
  if (props.skipsLeft === 0) return <p>{t('remind.noMore')}</p>;
  return (
    <form method="post" action="/account/setup/skip">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <button type="submit" class="button button--secondary" aria-describedby="remind-later-hint">
        {t('remind.button')}
      </button>
      <p id="remind-later-hint" class="field__hint">
        {t('remind.hint', { count: props.skipsLeft })}
      </p>
    </form>
  );
}

/** GET /account/setup: what registration required asks of a person without enough methods. */
export function AccountSetupPage(props: { frame: PageFrame; csrfToken: string; info: SecurityInfo }): VNode {
  const { t } = useMessages();
  const { info } = props;
  const { standing } = info;
  const missing = standing.needed - standing.have;
  return (
    <PageLayout frame={props.frame} title={t('setup.title')}>
      <h1>{t('setup.title')}</h1>
      <p class="lead">{t('setup.lead', { needed: standing.needed, missing })}</p>
      <AddMethods
        csrfToken={props.csrfToken}
        allowed={info.allowed}
        overview={info.overview}
        passkeyIslandSrc={props.frame.passkeyIslandSrc ?? null}
      />
      {info.prompt === 'required' && <RemindLater csrfToken={props.csrfToken} skipsLeft={info.skipsLeft} />}
      <p>
        <a href="/account">{t('setup.seeInfo')}</a>
      </p>
    </PageLayout>
  );
}
