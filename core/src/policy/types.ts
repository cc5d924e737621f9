import type { MessageRef } from '../i18n/create-messages.js';
import type { ViolationCode } from './violation-codes.js';

/** Who the password is for: used to refuse passwords built from the user's own names. */
export interface PasswordContext {
  username?: string;
  email?: string;
  displayName?: string;
  tenantName?: string;
}

/**
 * A word list the evaluator can ask about. Words are asked for in Entra's normalised form:
 * lower-cased, then 0→o 1→l $→s @→a (see `normaliseForBannedMatch`). A dictionary must store its
 * entries normalised the same way.
 */
export interface PasswordDictionary {
  has(normalisedWord: string): boolean;
}

export interface EvaluateOptions {
  /** The common-password list (server side). Without it COMMON_PASSWORD is not checked. */
  dictionary?: PasswordDictionary;
}

export interface Violation {
  code: ViolationCode;
  /** The catalogue message that words it (violationMessage() gives the English). */
  message: MessageRef;
}

export type Evaluation = { ok: true } | { ok: false; violations: Violation[] };

export interface Requirement {
  code: ViolationCode;
  /** The catalogue message that words it, with its values. */
  message: MessageRef;
  /** Microsoft 365 would refuse the password anyway, whatever the admin's policy says. */
  imposedByMicrosoft: boolean;
  /** Only the server can check it (it needs a word list or history), so a page cannot tick it live. */
  checkedOnSubmit: boolean;
}
