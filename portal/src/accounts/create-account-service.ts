import type { Sealer } from '../crypto/sealer.js';
import type { AccountService, PasswordContext } from './account-service.js';
import { type ChangePasswordDeps, createChangePassword } from './change-password.js';
import { getLinkView, setPasswordWithLink } from './link-flow.js';
import { passwordContext } from './password-context.js';
import { passwordsOnRecord } from './passwords-on-record.js';
import { requestReset } from './request-reset.js';
import { endSession, getSessionView, setPasswordWithSession } from './session-flow.js';
import { createSignIn } from './sign-in.js';
import { normaliseEmail, tenantForEmail } from './tenant-for-email.js';

export interface AccountServiceDeps extends ChangePasswordDeps {
  /** Seals queued mails (purpose 'mail'). */
  mailSealer: Sealer;
  /** The in-process mail sender, woken when a mail is queued (null: another process sends). */
  mailSender: { wake(): void } | null;
}

/** The domain services behind the routes (see AccountService). */
export function createAccountService(deps: AccountServiceDeps): AccountService {
  return {
    changePassword: createChangePassword(deps),
    signIn: createSignIn(deps),
    getSession: (token) => getSessionView(deps, token),
    endSession: (token) => endSession(deps, token),
    setPasswordWithSession: (input) => setPasswordWithSession(deps, input),
    requestReset: (input) => requestReset(deps, input),
    getLink: (token, purpose) => getLinkView(deps, token, purpose),
    setPasswordWithLink: (input) => setPasswordWithLink(deps, input),
    async credentialEpoch(email: string): Promise<number> {
      const row = await deps.db
        .selectFrom('users')
        .select('credential_version')
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      return row?.credential_version ?? 0;
    },
    passwordsOnRecord: (email) =>
      passwordsOnRecord(deps.db, normaliseEmail(email), deps.config.policy.historyCount),
    async passwordContextFor(email: string): Promise<PasswordContext> {
      const normal = normaliseEmail(email);
      const user = await deps.db
        .selectFrom('users')
        .select(['email', 'display_name'])
        .where('email', '=', normal)
        .executeTakeFirst();
      return passwordContext(
        user ?? { email: normal, display_name: null },
        tenantForEmail(deps.config.tenants, normal),
      );
    },
  };
}
