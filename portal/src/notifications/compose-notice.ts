import type { RecoveryKind } from '../config/recovery-config-schema.js';
import { type MailContent, type MailContext, renderMail, support } from '../mail/compose-mail.js';
import type { PasswordWay, ProofKind, SecurityNotice, UnlockedLock } from './security-notice.js';

/** Who the notice is about, besides the mail's own context. */
export interface NoticeContext extends MailContext {
  /** The work address (the account), named in every notice so a shared personal mailbox knows whose. */
  account: string;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Monday 2 March 2026 at 09:05 UTC: UTC like the audit log, so support can find the event. Spelt out
 * here rather than by Intl, whose punctuation moves between ICU versions.
 */
export function noticeTime(at: Date): string {
  const hhmm = at.toISOString().slice(11, 16);
  return `${DAYS[at.getUTCDay()]} ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} at ${hhmm} UTC`;
}

const PROOF_WORDS: Record<ProofKind, string> = {
  personal_email: 'a code sent to your personal e-mail address',
  totp: 'a code from your authenticator app',
  recovery_codes: 'a recovery code',
  passkey: 'a passkey',
  work_mailbox: 'a link sent to your work mailbox',
};

const METHOD_WORDS: Record<RecoveryKind, { name: string; replaced: string }> = {
  personal_email: {
    name: 'a personal e-mail address',
    replaced: 'The personal e-mail address registered before no longer receives codes.',
  },
  totp: {
    name: 'an authenticator app',
    replaced: 'The authenticator app registered before no longer works.',
  },
  recovery_codes: {
    name: 'recovery codes',
    replaced: 'New recovery codes were made: the old ones no longer work.',
  },
  passkey: { name: 'a passkey', replaced: 'The passkey registered before no longer works.' },
};

const LOCK_WORDS: Record<UnlockedLock, string> = {
  password: 'It had been locked after too many wrong passwords.',
  second_factor:
    'Its security info had been locked after too many wrong codes, typed after its password was typed correctly.',
};

function proofs(kinds: readonly ProofKind[]): string {
  const words = kinds.map((kind) => PROOF_WORDS[kind]);
  return words.length === 0 ? 'nothing' : words.join(' and ');
}

function passwordHow(way: PasswordWay): string {
  switch (way.kind) {
    case 'change':
      return 'It was changed on the password portal by someone who typed the password it had before.';
    case 'expired':
      return 'The password had expired; a new one was chosen on the password portal after signing in with the expired one.';
    case 'reset':
      return `It was reset on the password portal by someone who proved it was you with ${proofs(way.proofs)}.`;
  }
}

function words(
  notice: SecurityNotice,
  when: string,
  context: NoticeContext,
): { subject: string; lines: string[] } {
  const org = context.organisation;
  const account = `your ${org} account (${context.account})`;
  const notYou = `If this was not you, someone else may be able to get into your account: contact support now. ${support(context)}`;
  switch (notice.kind) {
    case 'password_changed':
      return {
        subject: `The password of your ${org} account was changed`,
        lines: [
          `The password of ${account} was changed on ${when}.`,
          passwordHow(notice.way),
          'If this was you, there is nothing to do.',
          notYou,
        ],
      };
    case 'password_change_undone':
      return {
        subject: `The password change of your ${org} account did not take effect`,
        lines: [
          `We told you earlier that the password of ${account} was changed. That change did not take effect: Microsoft 365 refused the new password on ${when}.`,
          'Your password is unchanged: the one you had before still works.',
          `If you did not try to change it, contact support. ${support(context)}`,
        ],
      };
    case 'password_change_given_up':
      return {
        subject: `Your new ${org} password did not reach Microsoft 365`,
        lines: [
          `The new password of ${account} could not be set in Microsoft 365, and IT support stopped trying on ${when}.`,
          'Your password is unchanged: the one you had before still works. To use a new one, change it again at the password portal.',
          `If you did not try to change it, contact support. ${support(context)}`,
        ],
      };
    case 'method_changed': {
      const method = METHOD_WORDS[notice.method];
      const done = { added: 'added to', removed: 'removed from', replaced: 'added to' }[notice.change];
      return {
        subject: `A way to get back into your ${org} account was ${notice.change === 'removed' ? 'removed' : 'added'}`,
        lines: [
          `On ${when}, ${method.name} was ${done} the security info of ${account}: the ways you use to prove it is you when you forget your password.`,
          ...(notice.change === 'replaced' ? [method.replaced] : []),
          'If this was you, there is nothing to do.',
          notYou,
        ],
      };
    }
    case 'methods_cleared':
      return {
        subject: `The ways to get back into your ${org} account were removed`,
        lines: [
          `On ${when}, your IT support removed every way to get back in from the security info of ${account}: ${notice.methods.map((kind) => METHOD_WORDS[kind].name).join(', ')}.`,
          'To be able to reset your password yourself again, sign in to your security info and add them anew.',
          'If you did not ask your IT support for this, contact them now.',
          support(context),
        ],
      };
    case 'account_unlocked':
      return {
        subject: `Your ${org} account was unlocked`,
        lines: [
          `Your ${org} account (${context.account}) was unlocked on ${when}.`,
          ...(notice.locks ?? ['password']).map((lock) => LOCK_WORDS[lock]),
          notice.by.kind === 'self'
            ? `It was unlocked on the password portal by someone who proved it was you with ${proofs(notice.by.proofs)}. The password was not changed.`
            : 'Your IT support unlocked it. The password was not changed.',
          'If this was you, there is nothing to do.',
          notYou,
        ],
      };
    case 'second_factor_locked':
      return {
        subject: `Sign-in to the security info of your ${org} account was locked`,
        lines: [
          `On ${when}, ${notice.failures} wrong codes in a row were typed at the security info of ${account}, after its password was typed correctly. Security info is locked until it is unlocked.`,
          'If this was you, reset your password on the password portal with your ways to get back in (which unlocks it), or ask your IT support.',
          `If this was not you, someone knows your password: change it now. ${support(context)}`,
        ],
      };
    case 'reset_guessing_stopped':
      return {
        subject: `Someone is guessing codes to reset the password of your ${org} account`,
        lines: [
          `By ${when}, ${notice.failures} wrong authenticator app codes had been typed in a day on the password portal's reset page for ${account}. So that they cannot be guessed, codes from the app are not taken there for a day from browsers that have not proved anything else.`,
          'Nothing was changed: your password and your security info are as they were.',
          'If you need to reset your password meanwhile: prove another way first (a code sent to your personal e-mail address, a recovery code or a passkey), after which your app works again; or use a browser in which you signed in to the password portal before; or ask your IT support.',
          `If it was not you trying, nobody got in; your IT support may want to know. ${support(context)}`,
        ],
      };
  }
}

/**
 * A security notice as a mail, in compose-mail's layout. Deliberately without a link: a mail that
 * arrives unasked is what phishing imitates, and a link here would teach people to follow one.
 */
export function composeNotice(notice: SecurityNotice, at: Date, context: NoticeContext): MailContent {
  const { subject, lines } = words(notice, noticeTime(at), context);
  return renderMail(
    {
      subject,
      lines: [
        ...lines,
        'This message is only to let you know: it has no link, and nobody will ever ask you for a password or a code because of it.',
      ],
    },
    context,
  );
}
