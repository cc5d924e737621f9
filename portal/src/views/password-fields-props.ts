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

/** The page's language as the island receives it: the locale, and where the island's data is. */
export interface IslandLanguage {
  locale: string;
  /** A JSON asset of IslandData in this language (http/island-data.ts). */
  dataHref: string;
}

/** The island's data asset: what is the same for every visitor of a language. */
export interface IslandData {
  /** The keys the island shows: message key → pre-parsed ICU message. */
  messages: Record<string, MessageFormatElement[]>;
  /** What a page's props leave out (because they are these): see PasswordIslandScripts. */
  policy: PasswordPolicy;
  requirements: Requirement[];
}

/** The props as they travel in a page: policy and requirements only where they differ from IslandData's. */
export type IslandProps = Omit<PasswordFieldsProps, 'policy' | 'requirements'> &
  Partial<Pick<PasswordFieldsProps, 'policy' | 'requirements'>> & { language: IslandLanguage };

/** The element the island hydrates, and the JSON block its props travel in. */
export const ISLAND_ROOT_ID = 'password-fields';
export const ISLAND_PROPS_ID = 'password-fields-props';
