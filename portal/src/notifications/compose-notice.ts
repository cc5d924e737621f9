import type { Messages } from '@passgate/core/i18n';
import {
  type MailContent,
  type MailContext,
  mailDate,
  mailMessages,
  renderMail,
  support,
} from '../mail/compose-mail.js';
import type { PasswordWay, ProofKind, SecurityNotice } from './security-notice.js';

/** Who the notice is about, besides the mail's own context. */
export interface NoticeContext extends MailContext {
  /** The work address (the account), named in every notice so a shared personal mailbox knows whose. */
  account: string;
}

/**
 * When it happened, as the person's language writes a date and time, in UTC like the audit log (so
 * support can find the event; the mail cannot know the reader's time zone) and saying so.
 */
export function noticeTime(at: Date, context: MailContext): string {
  return mailDate(context, at);
}

/** "a code … and a recovery code": the proofs, joined as the language joins a list. */
function proofs(messages: Messages, kinds: readonly ProofKind[]): string {
  if (kinds.length === 0) return messages.t('notice.proofNone');
  const words = kinds.map((kind) => messages.t(`notice.proof.${kind}`));
  return new Intl.ListFormat(messages.locale, { type: 'conjunction' }).format(words);
}

function passwordHow(messages: Messages, way: PasswordWay): string {
  switch (way.kind) {
    case 'change':
      return messages.t('notice.changed.change');
    case 'expired':
      return messages.t('notice.changed.expired');
    case 'reset':
      return messages.t('notice.changed.reset', { proofs: proofs(messages, way.proofs) });
  }
}

function words(
  notice: SecurityNotice,
  when: string,
  context: NoticeContext,
): { subject: string; lines: string[] } {
  const messages = mailMessages(context);
  const { t } = messages;
  const named = { organisation: context.organisation, account: context.account, when };
  const organisation = { organisation: context.organisation };
  const help = { support: support(context) };
  switch (notice.kind) {
    case 'password_changed':
      return {
        subject: t('notice.changed.subject', organisation),
        lines: [
          t('notice.changed.when', named),
          passwordHow(messages, notice.way),
          t('notice.wasYou'),
          t('notice.notYou', help),
        ],
      };
    case 'password_change_undone':
      return {
        subject: t('notice.undone.subject', organisation),
        lines: [t('notice.undone.text', named), t('notice.undone.unchanged'), t('notice.didNotTry', help)],
      };
    case 'password_change_given_up':
      return {
        subject: t('notice.givenUp.subject', organisation),
        lines: [t('notice.givenUp.text', named), t('notice.givenUp.again'), t('notice.didNotTry', help)],
      };
    case 'method_changed': {
      const removed = notice.change === 'removed';
      return {
        subject: t(removed ? 'notice.method.subjectRemoved' : 'notice.method.subjectAdded', organisation),
        lines: [
          t(removed ? 'notice.method.removed' : 'notice.method.added', { ...named, method: notice.method }),
          ...(notice.change === 'replaced' ? [t(`notice.replaced.${notice.method}`)] : []),
          t('notice.wasYou'),
          t('notice.notYou', help),
        ],
      };
    }
    case 'methods_cleared': {
      const methods = new Intl.ListFormat(messages.locale, { type: 'conjunction' }).format(
        notice.methods.map((kind) => t(`notice.methodName.${kind}`)),
      );
      return {
        subject: t('notice.cleared.subject', organisation),
        lines: [
          t('notice.cleared.text', { ...named, methods }),
          t('notice.cleared.addAgain'),
          t('notice.cleared.notAsked'),
          support(context),
        ],
      };
    }
    case 'account_unlocked':
      return {
        subject: t('notice.unlocked.subject', organisation),
        lines: [
          t('notice.unlocked.when', named),
          ...(notice.locks ?? ['password']).map((lock) => t(`notice.unlocked.lock.${lock}`)),
          notice.by.kind === 'self'
            ? t('notice.unlocked.self', { proofs: proofs(messages, notice.by.proofs) })
            : t('notice.unlocked.admin'),
          t('notice.wasYou'),
          t('notice.notYou', help),
        ],
      };
    case 'second_factor_locked':
      return {
        subject: t('notice.secondFactor.subject', organisation),
        lines: [
          t('notice.secondFactor.text', { ...named, failures: notice.failures }),
          t('notice.secondFactor.ifYou'),
          t('notice.secondFactor.notYou', help),
        ],
      };
    case 'reset_guessing_stopped':
      return {
        subject: t('notice.guessing.subject', organisation),
        lines: [
          t('notice.guessing.text', { ...named, failures: notice.failures }),
          t('notice.guessing.nothingChanged'),
          t('notice.guessing.meanwhile'),
          t('notice.guessing.notYou', help),
        ],
      };
    case 'reset_codes_stopped':
      return {
        subject: t('notice.codesStopped.subject', organisation),
        lines: [
          t('notice.codesStopped.text', { ...named, codes: notice.codes }),
          t('notice.codesStopped.paused', { minutes: notice.minutes }),
          t('notice.codesStopped.nothingChanged'),
          t('notice.codesStopped.meanwhile'),
          t('notice.codesStopped.notYou', help),
        ],
      };
    case 'reset_mailed_guessing_stopped':
      return {
        subject: t('notice.mailedGuessing.subject', organisation),
        lines: [
          t('notice.mailedGuessing.text', { ...named, failures: notice.failures }),
          t('notice.mailedGuessing.nothingChanged'),
          t('notice.mailedGuessing.meanwhile'),
          t('notice.mailedGuessing.notYou', help),
        ],
      };
    case 'reset_device_codes_stopped':
      return {
        subject: t('notice.devicesCeiling.subject', organisation),
        lines: [
          t('notice.devicesCeiling.text', { ...named, codes: notice.codes }),
          t('notice.devicesCeiling.paused', { minutes: notice.minutes }),
          t('notice.devicesCeiling.ifYou'),
          t('notice.devicesCeiling.notYou', help),
        ],
      };
  }
}

/**
 * A security notice as a mail, in compose-mail's layout and the person's language (context.language).
 * Deliberately without a link: a mail that arrives unasked is what phishing imitates, and a link here
 * would teach people to follow one.
 */
export function composeNotice(notice: SecurityNotice, at: Date, context: NoticeContext): MailContent {
  const { subject, lines } = words(notice, noticeTime(at, context), context);
  return renderMail({ subject, lines: [...lines, mailMessages(context).t('notice.noLink')] }, context);
}
