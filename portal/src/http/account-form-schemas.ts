import { z } from 'zod';
import { withoutNul } from './without-nul.js';

// Forms of security info (/account). Every value is bounded: a code field holding a novel is not a code.
const code = z.string().trim().min(1).max(64);

/** POST /account/verify: which second factor, and its code. */
export const factorFormSchema = z.object({
  factor: z.enum(['totp', 'recovery_code', 'email_code']),
  code,
});

/** POST /account/email: the personal address to add. */
export const personalEmailFormSchema = z.object({
  personalEmail: z.string().trim().min(1).max(254).pipe(z.email()),
});

/** POST /account/email/confirm and /account/authenticator/confirm: the code that proves it. */
export const codeFormSchema = z.object({ code });

/** POST /account/remove: a method's id, or recovery_codes for the whole set. */
export const removeFormSchema = z.object({ method: z.string().min(1).max(100).refine(withoutNul) });
