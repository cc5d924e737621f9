/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { PageFrame } from './page-frame.js';
import { safeSupportUrl } from './safe-support-url.js';

/**
 * How to reach the organisation's support, shown where only support can help (a suspended
 * account). Without configured text or link it still says to contact IT support.
 */
export function SupportNotice({ frame }: { frame: PageFrame }): VNode {
  const url = safeSupportUrl(frame.supportUrl);
  return (
    <div class="support-notice">
      <h2 class="support-notice__title">Contact IT support</h2>
      <p>
        {frame.supportText ?? `Contact ${frame.organisationName}'s IT support to get back into your account.`}
      </p>
      {url !== null && (
        <p>
          <a href={url}>
            {url.startsWith('mailto:') ? `E-mail ${url.slice('mailto:'.length)}` : 'Contact IT support'}
          </a>
        </p>
      )}
    </div>
  );
}
