/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

/**
 * On the last step of /reset, for a locked account only: unlock it and keep the password (issue 13,
 * "Self-service unlock"). Shown only to someone who proved enough, so it gives nothing away.
 */
export function ResetUnlockSection({ csrfToken }: { csrfToken: string }): VNode {
  const { t } = useMessages();
  return (
    <section class="unlock" aria-labelledby="unlock-heading">
      <h2 id="unlock-heading">{t('unlock.title')}</h2>
      <p>{t('unlock.text')}</p>
      <form class="form form--inline" method="post" action="/reset/unlock" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--secondary">
          {t('unlock.button')}
        </button>
      </form>
    </section>
  );
}
