/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';

/** The answer to POST /account/recovery-codes: the new codes, this once. Never a GET (no page shows them again). */
export function AccountRecoveryCodesPage(props: {
  frame: PageFrame;
  codes: readonly string[];
  replaced: boolean;
}): VNode {
  const { t } = useMessages();
  return (
    <PageLayout frame={props.frame} title={t('codes.title')}>
      <h1>{t('codes.title')}</h1>
      <div class="notice notice--important" role="alert">
        <p>
          <strong>{t('codes.shownOnce')}</strong> {t('codes.saveThem')}
        </p>
        {props.replaced && <p>{t('codes.replaced')}</p>}
      </div>
      <ol class="recovery-codes" aria-label={t('codes.listLabel')}>
        {props.codes.map((code) => (
          <li key={code} class="recovery-codes__item">
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a class="button" href="/account">
          {t('codes.saved')}
        </a>
      </p>
    </PageLayout>
  );
}
