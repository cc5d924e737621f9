/** @jsxRuntime automatic @jsxImportSource preact */
import { findPasswordPage } from '@passgate/core/m365';
import type { VNode } from 'preact';
import { fromHost } from '../http/microsoft-return.js';
import { useMessages } from './page-language.js';

/** Stands in for a value that is shown as markup (bold), where the words around it are the catalogue's. */
const MARK = '\u2063';

/** A message with one value set in its own element: the text split where the value goes. */
function WithValue({ text, value }: { text: string; value: VNode }): VNode {
  const [before = '', after = ''] = text.split(MARK);
  return (
    <>
      {before}
      {value}
      {after}
    </>
  );
}

/** The portal page behind "Continue to Microsoft"; the browser extension acts on it. */
export const CONTINUE_PATH = '/continue-to-microsoft';

/**
 * Says which Microsoft page sent the user here: its host, with the whole address (long, full of
 * Microsoft's parameters) folded away, wrapped anywhere so a phone never scrolls sideways. `from` is
 * displayed (escaped by Preact), never linked or followed from here. When it is one of Microsoft's password pages, someone whose account is not
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
  const { t } = useMessages();
  const microsoftPage = findPasswordPage(from) !== undefined;
  return (
    <>
      <div class="came-from">
        <p>
          <WithValue text={t('cameFrom.from', { host: MARK })} value={<strong>{fromHost(from)}</strong>} />{' '}
          {t(`cameFrom.${kind}`)}
        </p>
        <details class="came-from__details">
          <summary>{t('cameFrom.showAddress')}</summary>
          <p class="came-from__url">
            <span class="visually-hidden">{t('cameFrom.fullAddress')}</span>
            {from}
          </p>
        </details>
      </div>
      {microsoftPage && (
        <p class="continue-to-microsoft">
          {t('cameFrom.notYours', { organisation: organisationName })}{' '}
          <a href={`${CONTINUE_PATH}?from=${encodeURIComponent(from)}`}>{t('cameFrom.continue')}</a>
        </p>
      )}
    </>
  );
}
