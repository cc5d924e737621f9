/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import type { Context } from 'hono';
import type { Refusal } from '../accounts/account-service.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { LockedPage } from '../views/locked-page.js';
import type { Door } from '../views/other-ways.js';
import type { PageFrame } from '../views/page-frame.js';

/** The account lock among refusals, if any: it gets its own page instead of a line above the form. */
export function lockIn(refusals: readonly Refusal[]): Refusal | null {
  return refusals.find((refusal) => refusal.code === 'ACCOUNT_LOCKED') ?? null;
}

/** Answers a password door (/signin, /change) for a locked account: 423 and the page that says so. */
export function lockedResponse(
  c: Context,
  options: { frame: PageFrame; policy: PasswordPolicy; email: string; refusal: Refusal; door: Door },
): Response {
  const entry = REFUSAL_TABLE.ACCOUNT_LOCKED;
  const page = (
    <LockedPage
      frame={options.frame}
      csrfToken={c.var.csrfToken}
      email={options.email}
      lock={options.refusal.lock ?? null}
      rule={entry.words(options.policy)}
      door={options.door}
    />
  );
  return renderPage(c, page, entry.status);
}
