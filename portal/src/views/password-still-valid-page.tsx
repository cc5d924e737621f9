/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { MessagePage } from './message-page.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';

/** /signin for someone whose password has not expired (proven by the password or by a passkey): nothing to do. */
export function PasswordStillValidPage({ frame }: { frame: PageFrame }): VNode {
  const { t } = useMessages();
  return (
    <MessagePage
      frame={frame}
      title={t('stillValid.title')}
      paragraphs={[t('stillValid.text1'), t('stillValid.text2')]}
      link={{ href: '/change', text: t('stillValid.link') }}
      role="status"
    />
  );
}
