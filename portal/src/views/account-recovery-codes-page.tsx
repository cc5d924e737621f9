/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { PageFrame } from './page-frame.js';
import { PageLayout } from './page-layout.js';

/** The answer to POST /account/recovery-codes: the new codes, this once. Never a GET (no page shows them again). */
export function AccountRecoveryCodesPage(props: {
  frame: PageFrame;
  codes: readonly string[];
  replaced: boolean;
}): VNode {
  return (
    <PageLayout frame={props.frame} title="Save your recovery codes">
      <h1>Save your recovery codes</h1>
      <div class="notice notice--important" role="alert">
        <p>
          <strong>These codes are shown only now.</strong> Save them before you leave this page: print them,
          write them down, or keep them in your password manager. Each code works once.
        </p>
        {props.replaced && <p>Your earlier recovery codes no longer work.</p>}
      </div>
      <ol class="recovery-codes" aria-label="Your recovery codes">
        {props.codes.map((code) => (
          <li key={code} class="recovery-codes__item">
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a class="button" href="/account">
          I have saved my codes
        </a>
      </p>
    </PageLayout>
  );
}
