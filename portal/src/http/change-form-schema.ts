import { z } from 'zod';
import { challengeSolutionField } from '../bots/challenge-payload.js';
import { fromField } from './read-from-param.js';

// Passwords are never trimmed (a space is a legal character); the cap only stops absurd bodies
// from reaching argon2 and the policy engine, well above any policy's maximum of 256.
const password = z.string().min(1).max(1024);

/** POST /change, as parsed at the edge. Error texts come from codes (parse-form.ts), not from here. */
export const changeFormSchema = z.object({
  email: z.string().trim().min(1).max(254).pipe(z.email()),
  currentPassword: password,
  newPassword: password,
  confirmPassword: password,
  from: fromField,
  // The browser's proof of work, when this client has been asked for one (bots/bot-challenges.ts).
  altcha: challengeSolutionField,
});

export type ChangeForm = z.output<typeof changeFormSchema>;
