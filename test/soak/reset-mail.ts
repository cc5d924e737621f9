import { decodeMail, type ReceivedMail } from '../support/smtp-sink.js';

/**
 * Whether a mail answers a reset request (a link, or the suspended account's "contact support"), as
 * opposed to a security notice ("your password was changed"), which a person may get at any moment.
 */
export function isResetMail(mail: ReceivedMail): boolean {
  return !decodeMail(mail.raw).includes('This message is only to let you know');
}
