/** @jsxRuntime automatic @jsxImportSource preact */
import type { AuditActor } from '@passgate/core/events';
import type { MessageKey } from '@passgate/core/i18n';
import type { Context } from 'hono';
import { renderPage } from '../../http/render-page.js';
import type { PageFrame } from '../../views/page-frame.js';
import type { ConsoleSection, ConsoleView } from './console-frame.js';
import { ConsoleMessagePage } from './console-message-page.js';
import { CONSOLE_REFUSALS, type ConsoleRefusalCode } from './console-refusals.js';

/** What every console page is drawn with: the frame, the signed-in admin (set by the guard), the CSRF token. */
export function consoleView(c: Context, frame: PageFrame): ConsoleView {
  return { frame, admin: c.var.admin, csrfToken: c.var.csrfToken };
}

/** The admin as the audit log records them (the contract: type admin, their OIDC subject and e-mail). */
export function actorOf(c: Context): AuditActor {
  const { subject, email } = c.var.admin;
  return { type: 'admin', id: subject, ...(email === null ? {} : { email }) };
}

/** A way back from a refusal: where, and the catalogue key of the link's words. */
export interface ConsoleBack {
  href: string;
  key: MessageKey;
}

/** Answers a refusal with its code's status and words (in the admin's language), and a way back. */
export function refuse(
  c: Context,
  frame: PageFrame,
  code: ConsoleRefusalCode,
  section: ConsoleSection,
  back: ConsoleBack,
  detail?: string,
): Response {
  const entry = CONSOLE_REFUSALS[code];
  const { t } = c.var.messages;
  const words = t(entry.key);
  return renderPage(
    c,
    <ConsoleMessagePage
      view={consoleView(c, frame)}
      section={section}
      title={t('console.refused')}
      words={detail === undefined ? [words] : [words, detail]}
      back={{ href: back.href, text: t(back.key) }}
    />,
    entry.status,
  );
}
