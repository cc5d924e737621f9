/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { LockEnd } from '../accounts/account-service.js';
import { LockEndText } from './lock-end.js';
import { type Door, OtherWays } from './other-ways.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';

export interface LockedPageProps {
  frame: PageFrame;
  csrfToken: string;
  /** The address typed: it goes on to /reset in a form post only, never in a URL. */
  email: string;
  /** When the lock ends, or null when it is not known yet (then `rule` says how long a lock lasts). */
  lock: LockEnd | null;
  rule: string;
  door: Door;
}

/**
 * The answer of /signin and /change for a locked account: that it is locked, until when, and the way out
 * at once (a reset, which can also unlock and keep the password).
 */
export function LockedPage(props: LockedPageProps): VNode {
  const { t } = useMessages();
  const heading = t('locked.title');
  const lead =
    props.lock === null ? (
      <p class="lead">{props.rule}</p>
    ) : (
      <p class="lead">
        <LockEndText messageKey="locked.until" lock={props.lock} />
      </p>
    );
  return (
    <PageLayout frame={props.frame} title={heading}>
      <div class="message" role="alert">
        <h1>{heading}</h1>
        {lead}
        <p>{t('locked.why')}</p>
      </div>
      <section aria-labelledby="locked-reset">
        <h2 id="locked-reset">{t('locked.resetTitle')}</h2>
        <p>{t('locked.resetText')}</p>
        <form class="form form--inline" method="post" action="/reset/prefill" novalidate>
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <input type="hidden" name="email" value={props.email} />
          <button type="submit" class="button">
            {t('locked.resetButton')}
          </button>
        </form>
      </section>
      <p>{t('locked.wait')}</p>
      <OtherWays current={props.door} />
    </PageLayout>
  );
}
