/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';

/**
 * GET /reset/confirm for an account that needs two kinds of method: the work mailbox was one, so the
 * link leads on to the second instead of the new-password form. A button (a POST) spends the link: mail
 * scanners that open links do not.
 */
export function ResetLinkPage(props: { frame: PageFrame; csrfToken: string; token: string }): VNode {
  const { t } = useMessages();
  const heading = t('resetLink.title');
  return (
    <PageLayout frame={props.frame} title={heading}>
      <h1>{heading}</h1>
      <p class="lead">{t('resetLink.lead')}</p>
      <form class="form" method="post" action="/reset/confirm/continue" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" class="button">
          {t('common.continue')}
        </button>
      </form>
    </PageLayout>
  );
}
