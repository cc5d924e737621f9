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
  | { kind: 'email_code'; code: string; minutes: number; use: EmailCodeUse }
  | ({ kind: 'drift_expired' | 'drift_blocked' } & DriftNotice)
  | { kind: 'drift_alert'; drifts: DriftAlertLine[]; more: number };

/** What a mailed code is for: the words of its mail (a new use needs its words here). */
export type EmailCodeUse = 'confirm_address' | 'sign_in' | 'reset' | 'unlock';

const CODE_USES: Record<EmailCodeUse, (org: string) => string> = {
  confirm_address: (org) => `Use this code to add this address as a way back into your ${org} account:`,
  sign_in: (org) => `Use this code to sign in to the security info of your ${org} account:`,
  reset: (org) => `Use this code to reset the password of your ${org} account:`,
  unlock: (org) => `Use this code to unlock your ${org} account:`,
};

/** What the person is told when drift detection expired or blocked them (drift_expired, drift_blocked). */
export interface DriftNotice {
  changedAt: Date;
  /** The audit log's activity, e.g. "Reset password (by admin)"; null when the log could not say. */
  how: string | null;
  signInUrl: string;
  resetUrl: string;
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

const DRIFT_ACTION: Record<NonNullable<DriftAlertLine['action']>, string> = {
  reported: 'reported only',
  expired: 'expired in the portal',
  blocked: 'expired, Microsoft 365 sign-in blocked',
};

function driftLine(line: DriftAlertLine): string {
  const who = line.actor ?? 'someone (the audit log could not say who)';
  const how = line.activity ? `, "${line.activity}"` : '';
  const action = line.action ? DRIFT_ACTION[line.action] : 'reported only';
  return `${line.email} (tenant ${line.tenant}): changed ${line.changedAt.toISOString()} by ${who}${how}; ${action}.`;
}

function driftNotice(template: DriftNotice, org: string, blocked: boolean, context: MailContext): string[] {
  return [
    `Your password was changed in Microsoft 365 on ${template.changedAt.toUTCString()}${template.how ? ` ("${template.how}")` : ''}, not through ${org}'s password portal.`,
    blocked
      ? `To keep one password everywhere, your account now needs a new password chosen through the portal, and signing in to Microsoft 365 is blocked until you choose it.`
      : `To keep one password everywhere, your account now needs a new password chosen through the portal.`,
    `Sign in at ${template.signInUrl} with your portal password to choose it, or, if you do not know that password, reset it at ${template.resetUrl}.`,
    `If you did not change your password, tell support at once. ${support(context)}`,
  ];
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
    case 'drift_expired':
    case 'drift_blocked':
      return {
        subject: `Your ${org} password was changed outside the password portal`,
        lines: driftNotice(template, org, template.kind === 'drift_blocked', context),
        link: template.signInUrl,
      };
    case 'drift_alert': {
      const count = template.drifts.length + template.more;
      return {
        subject: `${org}: ${count} password${count === 1 ? '' : 's'} changed in Microsoft 365 outside the portal`,
        lines: [
          `Drift detection found ${count} password${count === 1 ? '' : 's'} changed in Microsoft 365 other than through the password portal:`,
          ...template.drifts.map(driftLine),
          ...(template.more > 0
            ? [`…and ${template.more} more: see the audit log (user_password_drift).`]
            : []),
          'Each change is reported once. Details per person: passgate users show <e-mail>.',
        ],
      };
    }
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
