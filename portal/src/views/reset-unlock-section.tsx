/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { LockEnd } from '../accounts/account-service.js';
import { LockEndText } from './lock-end.js';
import { useMessages } from './page-language.js';

/**
 * On the last step of /reset, for a locked account only: unlock it and keep the password (issue 13,
 * "Self-service unlock"). Shown only to someone who proved enough, so it gives nothing away.
 */
export function ResetUnlockSection({
  csrfToken,
  lockEnd,
}: {
  csrfToken: string;
  /** When the account's lock ends, said beside the way to end it now (null: not known or not that lock). */
  lockEnd: LockEnd | null;
}): VNode {
  const { t } = useMessages();
  return (
    <section class="unlock" aria-labelledby="unlock-heading">
      <h2 id="unlock-heading">{t('unlock.title')}</h2>
      <p>{t('unlock.text')}</p>
      {lockEnd !== null && (
        <p>
          <LockEndText messageKey="unlock.until" lock={lockEnd} />
        </p>
      )}
      <form class="form form--inline" method="post" action="/reset/unlock" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--secondary">
          {t('unlock.button')}
        </button>
      </form>
    </section>
  );
}
