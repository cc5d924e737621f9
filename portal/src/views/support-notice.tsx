/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { safeSupportUrl } from './safe-support-url.js';

/**
 * How to reach the organisation's support, shown where only support can help (a suspended
 * account). Without configured text or link it still says to contact IT support.
 */
export function SupportNotice({ frame }: { frame: PageFrame }): VNode {
  const { t } = useMessages();
  const url = safeSupportUrl(frame.supportUrl);
  return (
    <div class="support-notice">
      <h2 class="support-notice__title">{t('support.title')}</h2>
      <p>{frame.supportText ?? t('support.default', { organisation: frame.organisationName })}</p>
      {url !== null && (
        <p>
          <a href={url}>
            {url.startsWith('mailto:')
              ? t('support.email', { address: url.slice('mailto:'.length) })
              : t('support.link')}
          </a>
        </p>
      )}
    </div>
  );
}
