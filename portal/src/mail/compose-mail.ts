import type { Language, Messages } from '@passgate/core/i18n';
import { buildMessages } from '../http/request-messages.js';
/** The words of one e-mail: plain text and a simple HTML twin (no tracking, no remote images). */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailContext {
  /** The person's language (users.locale, else the configured default); English when absent. */
  language?: Language;
  organisation: string;
  displayName: string | null;
  supportText: string | null;
  supportUrl: string | null;
  /** The organisation's own wording per language (config `messages`): mails use it as pages do. */
  messages?: MessageOverrides;
}

export type MailTemplate =
  | { kind: 'reset'; link: string; minutes: number }
  | { kind: 'activation'; link: string; days: number }
  | { kind: 'expiry_warning'; changeUrl: string; expiresAt: Date; daysLeft: number }
  | { kind: 'suspended_notice' }
  /** A one-time code to an address (its own or a personal one being added); `use` says what it is for. */
  | { kind: 'email_code'; code: string; minutes: number; use: EmailCodeUse }
  | ({ kind: 'drift_expired' | 'drift_blocked' } & DriftNotice)
  | { kind: 'drift_alert'; drifts: DriftAlertLine[]; more: number };

/** What a mailed code is for: the words of its mail (a new use needs its `mail.code.<use>` message). */
export type EmailCodeUse = 'confirm_address' | 'sign_in' | 'reset' | 'unlock';

/** What the person is told when drift detection expired or blocked them (drift_expired, drift_blocked). */
export interface DriftNotice {
  changedAt: Date;
  /** The audit log's activity, e.g. "Reset password (by admin)"; null when the log could not say. */
  how: string | null;
  signInUrl: string;
  resetUrl: string;
  /**
   * An admin has the person suspended: sign-in and reset refuse them (ACCOUNT_SUSPENDED), so the mail says
   * the new password is asked for when the suspension is lifted instead of sending them to either. Absent
   * means not suspended.
   */
  suspended?: boolean;
}

/** One line of the admins' drift digest. */
export interface DriftAlertLine {
  email: string;
  tenant: string;
  changedAt: Date;
  activity: string | null;
  actor: string | null;
  action: 'reported' | 'expired' | 'blocked' | null;
}

/** One line of the digest, in the admins' language (the organisation's defaultLanguage). */
function driftLine(line: DriftAlertLine, context: MailContext): string {
  const { t } = mailMessages(context);
  const values = {
    email: line.email,
    tenant: line.tenant,
    date: mailDate(context, line.changedAt),
    actor: line.actor ?? t('mail.driftAlert.unknownActor'),
    action: t(`mail.driftAlert.action.${line.action ?? 'reported'}`),
  };
  return line.activity
    ? t('mail.driftAlert.lineHow', { ...values, activity: line.activity })
    : t('mail.driftAlert.line', values);
}

function driftNotice(template: DriftNotice, context: MailContext, blocked: boolean): string[] {
  const { t } = mailMessages(context);
  const organisation = context.organisation;
  const date = mailDate(context, template.changedAt);
  const next = template.suspended
    ? [t(blocked ? 'mail.drift.suspendedBlocked' : 'mail.drift.suspended')]
    : [
        t(blocked ? 'mail.drift.blocked' : 'mail.drift.expired'),
        t('mail.drift.next', { signInUrl: template.signInUrl, resetUrl: template.resetUrl }),
      ];
  return [
    template.how
      ? t('mail.drift.changedHow', { date, how: template.how, organisation })
      : t('mail.drift.changed', { date, organisation }),
    ...next,
    t('mail.drift.notYou', { support: support(context) }),
  ];
}

type MessageOverrides = Parameters<typeof buildMessages>[0];
const NO_OVERRIDES: MessageOverrides = {};
/** Built once per overrides object (the config's, fixed at start), not per mail. */
const built = new WeakMap<MessageOverrides, ReturnType<typeof buildMessages>>();

/** The person's wording: their language's catalogue with the organisation's overrides, as on pages. */
export function mailMessages(context: MailContext): Messages {
  const overrides = context.messages ?? NO_OVERRIDES;
  let all = built.get(overrides);
  if (all === undefined) {
    all = buildMessages(overrides);
    built.set(overrides, all);
  }
  return all[context.language ?? 'en'];
}

/** A moment as the person's language writes it, in UTC, said (the mail cannot know their time zone). */
export function mailDate(context: MailContext, date: Date): string {
  return mailMessages(context).formatDate(date, { dateStyle: 'full', timeStyle: 'long', timeZone: 'UTC' });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** How to reach the organisation's support, as every mail says it. */
export function support(context: MailContext): string {
  const parts = [context.supportText, context.supportUrl].filter((p): p is string => p !== null);
  return parts.length > 0
    ? parts.join(' ')
    : mailMessages(context).t('mail.supportDefault', { organisation: context.organisation });
}

function body(
  template: MailTemplate,
  context: MailContext,
): { subject: string; lines: string[]; link?: string } {
  const { t } = mailMessages(context);
  const organisation = context.organisation;
  switch (template.kind) {
    case 'reset':
      return {
        subject: t('mail.reset.subject', { organisation }),
        lines: [
          t('mail.reset.asked', { organisation }),
          t('mail.reset.open', { minutes: template.minutes }),
          t('mail.reset.ignore'),
        ],
        link: template.link,
      };
    case 'activation':
      return {
        subject: t('mail.activation.subject', { organisation }),
        lines: [
          t('mail.activation.ready', { organisation }),
          t('mail.activation.validity', { days: template.days }),
        ],
        link: template.link,
      };
    case 'expiry_warning':
      return {
        subject: t('mail.expiry.subject', { organisation, days: template.daysLeft }),
        lines: [
          t('mail.expiry.on', { organisation, date: mailDate(context, template.expiresAt) }),
          t('mail.expiry.change'),
        ],
        link: template.changeUrl,
      };
    case 'email_code':
      return {
        subject: t('mail.code.subject', { organisation }),
        lines: [
          t(`mail.code.${template.use}`, { organisation }),
          template.code,
          t('mail.code.validity', { minutes: template.minutes, organisation }),
          t('mail.code.notYou'),
        ],
      };
    case 'drift_expired':
    case 'drift_blocked':
      return {
        subject: t('mail.drift.subject', { organisation }),
        lines: driftNotice(template, context, template.kind === 'drift_blocked'),
        // No link for a suspended person: the sign-in page would only refuse them.
        ...(template.suspended ? {} : { link: template.signInUrl }),
      };
    case 'drift_alert': {
      // To the organisation's admins, in its defaultLanguage (sendDriftAlerts passes it).
      const count = template.drifts.length + template.more;
      return {
        subject: t('mail.driftAlert.subject', { organisation, count }),
        lines: [
          t('mail.driftAlert.found', { count }),
          ...template.drifts.map((line) => driftLine(line, context)),
          ...(template.more > 0 ? [t('mail.driftAlert.more', { more: template.more })] : []),
          t('mail.driftAlert.once'),
        ],
      };
    }
    case 'suspended_notice':
      return {
        subject: t('mail.suspended.subject', { organisation }),
        lines: [t('mail.suspended.text', { organisation }), support(context)],
      };
  }
}

/** Builds a mail. Links are written out in full (no redirectors, no tracking pixels, no images). */
export function composeMail(template: MailTemplate, context: MailContext): MailContent {
  return renderMail(body(template, context), context);
}

/**
 * A mail's words in the portal's one layout (greeting, lines, the link in full, the organisation's
 * name), as text and as its HTML twin. composeMail and the security notices (notifications/) use it.
 */
export function renderMail(
  words: { subject: string; lines: readonly string[]; link?: string | undefined },
  context: MailContext,
): MailContent {
  const { subject, lines, link } = words;
  const messages = mailMessages(context);
  const { t } = messages;
  const greeting = context.displayName
    ? t('mail.greetingNamed', { name: context.displayName })
    : t('mail.greeting');
  const text = [
    greeting,
    '',
    ...lines,
    ...(link ? ['', link] : []),
    '',
    `— ${context.organisation}`,
    '',
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${escapeHtml(messages.locale)}" dir="${messages.dir}"><body style="font-family:sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(greeting)}</p>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`] : []),
    `<p>— ${escapeHtml(context.organisation)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
