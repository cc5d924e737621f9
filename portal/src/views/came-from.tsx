/** @jsxRuntime automatic @jsxImportSource preact */
import { findPasswordPage } from '@passgate/core/m365';
import type { VNode } from 'preact';

const WHAT: Record<'change' | 'reset', string> = {
  change: "Your organisation does not use Microsoft's own password page: change your password below instead.",
  reset: "Your organisation does not use Microsoft's own reset page: reset your password below instead.",
};

/** The portal page behind "Continue to Microsoft"; the browser extension acts on it. */
export const CONTINUE_PATH = '/continue-to-microsoft';

/**
 * Says which Microsoft page sent the user here. `from` is displayed (escaped by Preact), never
 * linked or followed. When it is one of Microsoft's password pages, someone whose account is not
 * the organisation's (a guest, a consultant) is offered a way on: a link to this portal's own
 * continue page, where the browser extension lets that one tab through to Microsoft, once.
 */
export function CameFrom({
  from,
  kind,
  organisationName,
}: {
  from: string;
  kind: 'change' | 'reset';
  organisationName: string;
}): VNode {
  const microsoftPage = findPasswordPage(from) !== undefined;
  return (
    <>
      <div class="came-from">
        <p>
          You came here from <strong>{new URL(from).host}</strong>. {WHAT[kind]}
        </p>
        <p class="came-from__url">
          <span class="visually-hidden">Full address: </span>
          {from}
        </p>
      </div>
      {microsoftPage && (
        <p class="continue-to-microsoft">
          Not a {organisationName} account?{' '}
          <a href={`${CONTINUE_PATH}?from=${encodeURIComponent(from)}`}>Continue to Microsoft</a>
        </p>
      )}
    </>
  );
}
