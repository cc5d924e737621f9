import { z } from 'zod';
import { PASSKEY_NAME_MAX } from '../recovery/passkey-name.js';
import { PASSKEY_OPTION_PURPOSES } from '../views/passkey-props.js';
import { fromField } from './read-from-param.js';
import { withoutNul } from './without-nul.js';

// Forms of the passkey ceremonies. The browser's answer is JSON in one field, parsed field by field in
// the recovery module (passkey-response.ts); here it is only bounded (the body limit is 16 KiB anyway).
const response = z.string().min(1).max(14_000);

/** POST /passkeys/options: which ceremony the options are for. */
export const passkeyOptionsFormSchema = z.object({ purpose: z.enum(PASSKEY_OPTION_PURPOSES) });

/** POST /account/passkeys: the new passkey, and the name the person gave it (may be empty). */
export const addPasskeyFormSchema = z.object({
  response,
  name: z
    .string()
    .max(PASSKEY_NAME_MAX * 4)
    .default(''),
});

/** POST /account/passkeys/rename: which passkey, and its new name. */
export const renamePasskeyFormSchema = z.object({
  method: z.string().min(1).max(100).refine(withoutNul),
  name: z.string().trim().min(1).max(PASSKEY_NAME_MAX),
});

/** POST /account/passkey and /signin/passkey: the browser's answer (and at /signin, where they came from). */
export const passkeySignInFormSchema = z.object({ response, from: fromField });
