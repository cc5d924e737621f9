/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';

/**
 * On the last step of /reset, for a locked account only: unlock it and keep the password (issue 13,
 * "Self-service unlock"). Shown only to someone who proved enough, so it gives nothing away.
 */
export function ResetUnlockSection({ csrfToken }: { csrfToken: string }): VNode {
  return (
    <section class="unlock" aria-labelledby="unlock-heading">
      <h2 id="unlock-heading">Or keep your password</h2>
      <p>
        Your account is locked after too many wrong passwords. If you still know your password, you can unlock
        your account and keep it.
      </p>
      <form class="form form--inline" method="post" action="/reset/unlock" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--secondary">
          Unlock my account
        </button>
      </form>
    </section>
  );
}
