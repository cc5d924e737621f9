/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import type { Context } from 'hono';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';

/**
 * Answers a live link (reset, welcome) of a suspended account: its holder is the person (it came to
 * their mailbox), so the page says what is wrong and who can help, as /signin and /change do once the
 * password is proven.
 */
export function suspendedResponse(c: Context, frame: PageFrame, policy: PasswordPolicy): Response {
  const entry = REFUSAL_TABLE.ACCOUNT_SUSPENDED;
  const page = (
    <MessagePage
      frame={frame}
      title={currentMessages().t('suspended.title')}
      paragraphs={[entry.words(policy)]}
      role="alert"
      support
    />
  );
  return renderPage(c, page, entry.status);
}
