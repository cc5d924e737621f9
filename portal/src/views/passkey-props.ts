/**
 * The markup contract between the passkey views and the passkey island (client/passkey-island.ts). A
 * passkey form is a plain form with a hidden `response` field: the island fetches the ceremony's options
 * from `data-passkey-options` (posting the form's CSRF token and `data-passkey-purpose`), runs the
 * browser's ceremony, puts its answer in the field and sends the form. Everything marked
 * `data-passkey-section` stays hidden until the island finds a browser that can use passkeys.
 */

/** The form attribute naming the ceremony: `register` (navigator.credentials.create) or `sign-in` (get). */
export const PASSKEY_FORM_ATTRIBUTE = 'data-passkey';
export type PasskeyCeremony = 'register' | 'sign-in';

/** The hidden field the browser's answer travels in (JSON). */
export const PASSKEY_RESPONSE_FIELD = 'response';

/** Where the island asks for a ceremony's options (JSON), for every passkey form of the portal. */
export const PASSKEY_OPTIONS_PATH = '/passkeys/options';

/** The ceremony purposes the options route serves (security info's register and sign-in, /signin). */
export const PASSKEY_OPTION_PURPOSES = ['register', 'account', 'expired_sign_in'] as const;
export type PasskeyOptionPurpose = (typeof PASSKEY_OPTION_PURPOSES)[number];

/**
 * What the island says in the form's status line (`data-passkey-status`), in the page's language: the
 * server puts the words on that element as these data attributes (views/passkey-status.tsx), so the
 * island ships no catalogue. The island's English stands in only when an attribute is missing.
 */
export const PASSKEY_SAY = {
  busy: 'data-say-busy',
  cancelled: 'data-say-cancelled',
  registered: 'data-say-registered',
  failed: 'data-say-failed',
} as const;
export type PasskeySaying = keyof typeof PASSKEY_SAY;
