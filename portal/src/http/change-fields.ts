/**
 * The change form's fields: the name each has in the POSTed body and the id of its input (what an
 * error summary links to with `href="#id"`). Shared by the server views and the browser island.
 */
export const CHANGE_FIELDS = {
  email: { name: 'email', id: 'email', label: 'E-mail address' },
  currentPassword: { name: 'currentPassword', id: 'current-password', label: 'Current password' },
  newPassword: { name: 'newPassword', id: 'new-password', label: 'New password' },
  confirmPassword: { name: 'confirmPassword', id: 'confirm-password', label: 'New password again' },
} as const;

export type ChangeField = keyof typeof CHANGE_FIELDS;

/** Form issues found before the service is asked (parsing at the edge, STYLE 6: stable codes). */
export const FORM_ISSUE_CODES = ['VALUE_MISSING', 'EMAIL_INVALID', 'VALUE_TOO_LONG'] as const;

export type FormIssueCode = (typeof FORM_ISSUE_CODES)[number];
