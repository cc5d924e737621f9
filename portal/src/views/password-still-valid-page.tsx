/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { MessagePage } from './message-page.js';
import { NextSteps } from './next-steps.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';

/**
 * /signin for someone whose password has not expired (proven by the password or by a passkey): nothing
 * to do, so the way on is back where they came from (`back`: microsoft-return.ts checked it) or /change.
 */
export function PasswordStillValidPage({ frame, back }: { frame: PageFrame; back: string | null }): VNode {
  const { t } = useMessages();
  return (
    <MessagePage
      frame={frame}
      title={t('stillValid.title')}
      paragraphs={[t('stillValid.text1'), t('stillValid.text2')]}
      link={{ href: '/change', text: t('stillValid.link') }}
      role="status"
      after={<NextSteps signInUrl={null} back={back} />}
    />
  );
}
