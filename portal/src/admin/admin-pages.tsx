/** @jsxRuntime automatic @jsxImportSource preact */
import type { RefusalCode } from '@passgate/core/codes';
import type { MessageKey } from '@passgate/core/i18n';
import type { PasswordPolicy } from '@passgate/core/policy';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { VNode } from 'preact';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';

/** What console pages are drawn with: the portal's frame, and the policy the refusal table's words take. */
export interface AdminLook {
  frame: PageFrame;
  policy: PasswordPolicy;
}

const TITLES: Partial<Record<RefusalCode, MessageKey>> = {
  ADMIN_NOT_CONFIGURED: 'console.refusalTitle.ADMIN_NOT_CONFIGURED',
  ADMIN_NOT_AN_ADMIN: 'console.refusalTitle.ADMIN_NOT_AN_ADMIN',
  ADMIN_SIGNIN_EXPIRED: 'console.refusalTitle.ADMIN_SIGNIN_EXPIRED',
  ADMIN_SIGNIN_FAILED: 'console.refusalTitle.ADMIN_SIGNIN_FAILED',
  ADMIN_IDP_UNREACHABLE: 'console.refusalTitle.ADMIN_IDP_UNREACHABLE',
  ADMIN_IDP_MISCONFIGURED: 'console.refusalTitle.ADMIN_IDP_MISCONFIGURED',
};

/** A way on from a console refusal page: where, and the catalogue key of the link's words. */
export interface AdminLink {
  href: `/${string}`;
  key: MessageKey;
}

/** A console refusal as a page, in the admin's language: its code's status and words, the request id to quote, a way on. */
export function adminRefusalPage(
  c: Context,
  { frame, policy }: AdminLook,
  code: RefusalCode,
  link: AdminLink | null = { href: '/admin/signin', key: 'console.signInAgain' },
): Response {
  const entry = REFUSAL_TABLE[code];
  const { t } = c.var.messages;
  const page: VNode = (
    <MessagePage
      frame={frame}
      title={t(TITLES[code] ?? 'console.refusalTitle.other')}
      paragraphs={[entry.words(policy)]}
      reference={`${code} ${c.var.requestId ?? ''}`.trim()}
      role="alert"
      {...(link === null ? {} : { link: { href: link.href, text: t(link.key) } })}
    />
  );
  return renderPage(c, page, entry.status as ContentfulStatusCode);
}

/** After sign-out: nothing to show but the way back in. */
export function signedOutPage(c: Context, frame: PageFrame): Response {
  const { t } = c.var.messages;
  return renderPage(
    c,
    <MessagePage
      frame={frame}
      title={t('console.signedOut.title')}
      paragraphs={[t('console.signedOut.text')]}
      link={{ href: '/admin/signin', text: t('console.signInAgain') }}
      role="status"
    />,
  );
}
