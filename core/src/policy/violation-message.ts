import { createMessages } from '../i18n/create-messages.js';
import { ENGLISH } from '../i18n/english.js';
import type { PasswordPolicy } from './password-policy-schema.js';
import type { ViolationCode } from './violation-codes.js';
import { violationWording } from './violation-wording.js';

const english = createMessages('en', ENGLISH);

/**
 * The English wording of a violation, worded as what to do about it (the CLIs'). Pages word it in
 * the reader's language from violationWording() and the catalogue; this file is kept out of the
 * browser island so the English catalogue is not shipped twice.
 */
export function violationMessage(code: ViolationCode, policy: PasswordPolicy): string {
  const { key, values } = violationWording(code, policy);
  return english.t(key, values);
}
