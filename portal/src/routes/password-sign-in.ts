import type { PasswordPolicy } from '@passgate/core/policy';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccountService, Refusal, RequestOrigin } from '../accounts/account-service.js';
import type { ChangeField } from '../http/change-fields.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import type { PageChallenges } from '../http/page-challenges.js';
import { parseForm } from '../http/parse-form.js';
import { cleanFrom } from '../http/read-from-param.js';
import { signInFormSchema } from '../http/recovery-form-schemas.js';
import { requestOrigin } from '../http/request-origin.js';
import { type FormProblem, issueProblems, refusalProblems } from './form-problems.js';
import { lockIn } from './locked-response.js';

const SIGN_IN_FIELDS: readonly ChangeField[] = ['email', 'currentPassword'];

type Refused = { status: 'refused'; refusals: Refusal[] };

/** What a sign-in form shows again of what it was sent. */
export interface SignInEcho {
  email: string;
  /** The form's `from` (read-from-param.ts's cleanFrom: an http(s) URL to carry, never to follow), or null. */
  from: string | null;
}

export interface PasswordSignInOptions<T extends { status: string }> {
  accounts: Pick<AccountService, 'credentialEpoch'>;
  device: DeviceCookie;
  challenges: PageChallenges;
  policy: PasswordPolicy;
  /** The sign-in form again, with what went wrong, the e-mail typed and the way back it carried. */
  page(
    c: Context,
    form: SignInEcho,
    problems: FormProblem[],
    status: ContentfulStatusCode,
  ): Promise<Response>;
  /** The password check itself (the same proven sign-in underneath /signin and /account/signin). */
  signIn(input: { email: string; password: string } & RequestOrigin): Promise<T>;
  /** The page for a locked account (locked-response.tsx); without it the lock is a line above the form. */
  locked?(c: Context, email: string, refusal: Refusal): Response;
}

/**
 * The password step every sign-in form shares: parse the form, ask for the proof of work an address with
 * many failures owes before anything is checked or counted, check the password, count a wrong one toward
 * that proof. One place, so a new sign-in form cannot forget a step (security info's did, once). Returns
 * the form's answer, or the outcome past the password, the form's `from` and `remember`, which the caller
 * runs after writing its own session cookie: this browser proved the password, its later attempts are its
 * own. The body is read once, here: a body that cannot be read is an empty form, with no `from`.
 */
export async function passwordSignIn<T extends { status: string }>(
  c: Context,
  options: PasswordSignInOptions<T | Refused>,
): Promise<Response | { outcome: Exclude<T, Refused>; from: string | null; remember: () => Promise<void> }> {
  const { accounts, device, challenges, policy, page } = options;
  // `from` is echoed as long as it may be posted percent-encoded; cleanFrom decodes it, then judges its length.
  const form = await parseForm(c, signInFormSchema, { echo: ['email', 'from'] });
  if (!form.ok) {
    const echo = { email: form.echo.email ?? '', from: cleanFrom(form.echo.from ?? '') };
    return page(c, echo, issueProblems(form.issues, SIGN_IN_FIELDS), 422);
  }
  const { email, currentPassword } = form.data;
  const echo = { email, from: cleanFrom(form.data.from ?? '') };
  const challenge = await challenges.check(c, 'password', form.data.altcha);
  if (challenge !== null) {
    const { problems, status } = refusalProblems([challenge], policy);
    return page(c, echo, problems, status);
  }
  // Read before the password is checked, so never past the password proved: a change accepted meanwhile
  // (its owner's) leaves this browser with no standing on the new password, rather than with one.
  const epoch = await accounts.credentialEpoch(email);
  const outcome = await options.signIn({
    email,
    password: currentPassword,
    ...requestOrigin(c),
    device: device.deviceFor(c, email, epoch),
  });
  if (outcome.status === 'refused') {
    const { refusals } = outcome as Refused;
    const lock = lockIn(refusals);
    if (lock !== null && options.locked !== undefined) return options.locked(c, email, lock);
    const codes = refusals.map((refusal) => refusal.code);
    if (codes.includes('INVALID_CREDENTIALS')) await challenges.countFailure(c);
    const { problems, status } = refusalProblems(refusals, policy);
    return page(c, echo, problems, status);
  }
  return {
    outcome: outcome as Exclude<T, Refused>,
    from: echo.from,
    remember: async () => device.remember(c, email, epoch),
  };
}
