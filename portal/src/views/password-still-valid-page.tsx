/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { MessagePage } from './message-page.js';
import type { PageFrame } from './page-frame.js';

/** /signin for someone whose password has not expired (proven by the password or by a passkey): nothing to do. */
export function PasswordStillValidPage({ frame }: { frame: PageFrame }): VNode {
  return (
    <MessagePage
      frame={frame}
      title="Your password is still valid"
      paragraphs={[
        'Your e-mail address and password are right, and your password has not expired: there is nothing you need to do.',
        'If you want a different password anyway, change it on the change page.',
      ]}
      link={{ href: '/change', text: 'Change your password' }}
      role="status"
    />
  );
}
