/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { PageFrame } from './page-frame.js';
import { PageLayout } from './page-layout.js';

/**
 * GET /reset/confirm for an account that needs two kinds of method: the work mailbox was one, so the
 * link leads on to the second instead of the new-password form. A button (a POST) spends the link: mail
 * scanners that open links do not.
 */
export function ResetLinkPage(props: { frame: PageFrame; csrfToken: string; token: string }): VNode {
  const heading = 'One more step';
  return (
    <PageLayout frame={props.frame} title={heading}>
      <h1>{heading}</h1>
      <p class="lead">
        This link proves you can read your work e-mail. Your account needs one more way to prove it is you, of
        a different kind, before you choose a new password or unlock it.
      </p>
      <form class="form" method="post" action="/reset/confirm/continue" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" class="button">
          Continue
        </button>
      </form>
    </PageLayout>
  );
}
