import { z } from 'zod';
import { challengeSolutionField as altcha } from '../bots/challenge-payload.js';
import { fromField as from } from './read-from-param.js';

// The same field names as the change form (CHANGE_FIELDS), so refusals link to the same input ids.
const email = z.string().trim().min(1).max(254).pipe(z.email());
const password = z.string().min(1).max(1024);

/** POST /signin: the e-mail and the current (possibly expired) password. */
export const signInFormSchema = z.object({ email, currentPassword: password, from, altcha });

/** POST /reset: the address to send a link to, and the browser's proof of work. */
export const resetRequestFormSchema = z.object({ email, from, altcha });

/**
 * POST /signin/new-password, /reset/confirm and /activate. `token` is the link's token, carried in
 * a hidden field (absent for the sign-in session, which travels in its cookie). A token far longer
 * than any we issue is simply not one of ours: caught to '' so the page says "link invalid".
 */
export const newPasswordFormSchema = z.object({
  newPassword: password,
  confirmPassword: password,
  token: z.string().max(200).optional().catch(''),
});

export type NewPasswordForm = z.output<typeof newPasswordFormSchema>;
