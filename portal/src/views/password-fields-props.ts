import type { MessageFormatElement } from '@passgate/core/i18n/browser';
import type { PasswordContext, PasswordPolicy, Requirement } from '@passgate/core/policy';

/**
 * What the server hands the password-fields island, as JSON in a `type="application/json"` block
 * (never executed, so the CSP stays `script-src 'self'`). It never holds a password.
 */
export interface PasswordFieldsProps {
  /** The policy the browser evaluates against; custom banned terms are left out (see change-page.tsx). */
  policy: PasswordPolicy;
  requirements: Requirement[];
  errors: {
    currentPassword: string[];
    newPassword: string[];
    confirmPassword: string[];
  };
  /** The id of the e-mail input, read so CONTAINS_USERNAME can be ticked live; null when the page has none. */
  emailInputId: string | null;
  /** False on the set-a-new-password pages (expired sign-in, reset and activation links): no current password is asked. */
  askCurrent: boolean;
  /** Who the password is for, when the server already knows (from a session or a link) rather than from an input. */
  context: PasswordContext | null;
  /**
   * True when the person has no earlier password here (first activation): "Not one of your last N
   * passwords" and the minimum age say nothing to them, so they are not listed.
   */
  firstPassword?: boolean;
}

/** The page's language as the island receives it: the locale, and where its wording is (pre-parsed). */
export interface IslandLanguage {
  locale: string;
  /** A JSON asset: the keys the island shows, as ICU syntax trees (http/island-messages.ts). */
  messagesHref: string;
}

/** What the island's wording asset holds: message key → pre-parsed ICU message. */
export type IslandCatalogue = Record<string, MessageFormatElement[]>;

/** The element the island hydrates, and the JSON block its props travel in. */
export const ISLAND_ROOT_ID = 'password-fields';
export const ISLAND_PROPS_ID = 'password-fields-props';
