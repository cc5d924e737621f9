/** @jsxRuntime automatic @jsxImportSource preact */
import type { RefusalCode } from '@passgate/core/codes';
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

const TITLES: Partial<Record<RefusalCode, string>> = {
  ADMIN_NOT_CONFIGURED: 'The admin console is not set up',
  ADMIN_NOT_AN_ADMIN: 'Not an admin of this portal',
  ADMIN_SIGNIN_EXPIRED: 'Sign-in expired',
  ADMIN_SIGNIN_FAILED: 'Sign-in failed',
  ADMIN_IDP_UNREACHABLE: 'Identity provider unreachable',
};

/** A console refusal as a page: its code's status and words, the request id to quote, a way on. */
export function adminRefusalPage(
  c: Context,
  { frame, policy }: AdminLook,
  code: RefusalCode,
  link: { href: `/${string}`; text: string } | null = { href: '/admin/signin', text: 'Sign in again' },
): Response {
  const entry = REFUSAL_TABLE[code];
  const page: VNode = (
    <MessagePage
      frame={frame}
      title={TITLES[code] ?? 'Your request was refused'}
      paragraphs={[entry.words(policy)]}
      reference={`${code} ${c.var.requestId ?? ''}`.trim()}
      role="alert"
      {...(link === null ? {} : { link })}
    />
  );
  return renderPage(c, page, entry.status as ContentfulStatusCode);
}

/** After sign-out: nothing to show but the way back in. */
export function signedOutPage(c: Context, frame: PageFrame): Response {
  return renderPage(
    c,
    <MessagePage
      frame={frame}
      title="You are signed out of the console"
      paragraphs={[
        'Your console session has ended on this portal. Close the browser to also end your session at the identity provider, or sign in again.',
      ]}
      link={{ href: '/admin/signin', text: 'Sign in again' }}
      role="status"
    />,
  );
}
