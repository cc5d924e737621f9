/** The words of one e-mail: plain text and a simple HTML twin (no tracking, no remote images). */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailContext {
  organisation: string;
  displayName: string | null;
  supportText: string | null;
  supportUrl: string | null;
}

export type MailTemplate =
  | { kind: 'reset'; link: string; minutes: number }
  | { kind: 'activation'; link: string; days: number }
  | { kind: 'expiry_warning'; changeUrl: string; expiresAt: Date; daysLeft: number }
  | { kind: 'suspended_notice' }
  /** A one-time code to an address (its own or a personal one being added); `use` says what it is for. */
  | { kind: 'email_code'; code: string; minutes: number; use: EmailCodeUse };

/** What a mailed code is for: the words of its mail (a new use needs its words here). */
export type EmailCodeUse = 'confirm_address' | 'sign_in' | 'reset' | 'unlock';

const CODE_USES: Record<EmailCodeUse, (org: string) => string> = {
  confirm_address: (org) => `Use this code to add this address as a way back into your ${org} account:`,
  sign_in: (org) => `Use this code to sign in to the security info of your ${org} account:`,
  reset: (org) => `Use this code to reset the password of your ${org} account:`,
  unlock: (org) => `Use this code to unlock your ${org} account:`,
};

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** How to reach the organisation's support, as every mail says it. */
export function support(context: MailContext): string {
  const parts = [context.supportText, context.supportUrl].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' ') : `Contact ${context.organisation}'s support.`;
}

function body(
  template: MailTemplate,
  context: MailContext,
): { subject: string; lines: string[]; link?: string } {
  const org = context.organisation;
  switch (template.kind) {
    case 'reset':
      return {
        subject: `Reset your ${org} password`,
        lines: [
          `Someone (we hope you) asked to reset the password of your ${org} account.`,
          `Open this link within ${template.minutes} minutes to choose a new password. It works once.`,
          'If you did not ask for this, ignore this e-mail: your password stays as it is.',
        ],
        link: template.link,
      };
    case 'activation':
      return {
        subject: `Set up your ${org} password`,
        lines: [
          `Your ${org} account is ready. Open this link to choose your password.`,
          `The link works once and for ${template.days} days.`,
        ],
        link: template.link,
      };
    case 'expiry_warning':
      return {
        subject: `Your ${org} password expires in ${template.daysLeft} day${template.daysLeft === 1 ? '' : 's'}`,
        lines: [
          `Your ${org} password expires on ${template.expiresAt.toUTCString()}.`,
          'Change it before then to keep signing in to Microsoft 365 without interruption:',
        ],
        link: template.changeUrl,
      };
    case 'email_code':
      return {
        subject: `Your ${org} code`,
        lines: [
          CODE_USES[template.use](org),
          template.code,
          `It works once, for ${template.minutes} minutes. Nobody from ${org} will ever ask you for it.`,
          'If you did not ask for this code, someone may know your password: change it, and tell your IT support.',
        ],
      };
    case 'suspended_notice':
      return {
        subject: `Your ${org} account`,
        lines: [
          `Someone asked to reset the password of your ${org} account, but the account is suspended, so no reset link can be sent.`,
          support(context),
        ],
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
  const greeting = context.displayName ? `Hello ${context.displayName},` : 'Hello,';
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
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`] : []),
    `<p>— ${escapeHtml(context.organisation)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
