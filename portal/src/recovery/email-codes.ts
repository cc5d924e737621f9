import { randomInt } from 'node:crypto';
import { limitRefusal, type ReasonedWindow } from '../accounts/limit-end.js';
import { composeMail, type EmailCodeUse } from '../mail/compose-mail.js';
import { enqueueMail } from '../mail/enqueue-mail.js';
import { mailLanguage } from '../mail/mail-language.js';
import { takeFromWindows } from '../store/port/counters.js';
import { replaceEmailCode, tryEmailCode } from '../store/port/recovery-factors.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';

/** What a mailed code is for; each purpose has its own live code, so one flow never spends another's. */
export type EmailCodePurpose = 'confirm_email' | 'account_sign_in' | 'reset' | 'unlock';

const MAIL_USE: Record<EmailCodePurpose, EmailCodeUse> = {
  confirm_email: 'confirm_address',
  account_sign_in: 'sign_in',
  reset: 'reset',
  unlock: 'unlock',
};

/** A code works for 10 minutes and 5 tries (then a new one is needed): 5 guesses in 10^6 per code sent. */
export const EMAIL_CODE_MINUTES = 10;
export const EMAIL_CODE_TRIES = 5;

/** Codes sent per person and purpose: enough for a slow mailbox, too few to flood someone's inbox. */
const SEND_WINDOW = { max: 5, windowSeconds: 900 };

/**
 * Mails a new 6-digit code to `to` for the person and purpose, replacing any code sent before (its
 * tries too). The code row and the mail are written in ONE transaction: the mail is queued (sealed,
 * wiped once sent) only if the code that it carries is the one stored. RATE_LIMITED after 5 sends in
 * 15 minutes. Callers decide whether `to` is an address the person may be sent a code at.
 */
export async function sendEmailCode(
  deps: RecoveryDeps,
  input: {
    user: { id: string; display_name: string | null };
    purpose: EmailCodePurpose;
    to: string;
  },
): Promise<RecoveryOutcome<{ expiresAt: Date }>> {
  const { db, config } = deps;
  const now = deps.now().getTime();
  const { user, purpose } = input;
  const windows: ReasonedWindow[] = [
    { key: `email-code:${purpose}:${user.id}`, window: SEND_WINDOW, reason: 'codes_sent' },
  ];
  if (!(await takeFromWindows(db, windows, now)))
    return { status: 'refused', ...(await limitRefusal(db, windows, now)) };
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = now + EMAIL_CODE_MINUTES * 60_000;
  const { organisation } = config;
  const content = composeMail(
    { kind: 'email_code', code, minutes: EMAIL_CODE_MINUTES, use: MAIL_USE[purpose] },
    {
      language: await mailLanguage(db, user.id, config.defaultLanguage),
      organisation: organisation.name,
      displayName: user.display_name,
      supportText: organisation.supportText,
      supportUrl: organisation.supportUrl,
      messages: config.messages,
    },
  );
  await db.transaction().execute(async (trx) => {
    await replaceEmailCode(
      trx,
      {
        userId: user.id,
        purpose,
        target: input.to,
        codeHash: deps.codes.emailCode(user.id, purpose, code),
        expiresAt,
      },
      now,
    );
    await enqueueMail(
      trx,
      { userId: user.id, kind: 'email_code', to: input.to, content, now },
      deps.mailSealer,
    );
  });
  deps.mailSender?.wake();
  return { status: 'ok', expiresAt: new Date(expiresAt) };
}

/**
 * Checks a mailed code: every check is a try (5 per code), and the right code is spent by the check that
 * finds it (store/port tryEmailCode, one statement). CODE_INVALID while tries are left; CODE_EXPIRED when
 * there is no live code (none sent, expired, used, tries used up): the right code is then worthless too,
 * and only a new one works. `target` is where the code was sent.
 */
export async function checkEmailCode(
  deps: RecoveryDeps,
  input: { userId: string; purpose: EmailCodePurpose; code: string },
): Promise<RecoveryOutcome<{ target: string }>> {
  // Typed with spaces or as "123 456" still counts; anything that is not the code hashes to a miss.
  const code = input.code.replaceAll(/\s/g, '').slice(0, 64);
  const result = await tryEmailCode(
    deps.db,
    { userId: input.userId, purpose: input.purpose },
    deps.codes.emailCode(input.userId, input.purpose, code),
    EMAIL_CODE_TRIES,
    deps.now().getTime(),
  );
  if (result.status === 'accepted') return { status: 'ok', target: result.target };
  if (result.status === 'wrong' && result.triesLeft > 0) return refusedWith('CODE_INVALID');
  return refusedWith('CODE_EXPIRED');
}
