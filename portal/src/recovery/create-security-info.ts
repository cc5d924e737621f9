import type { UserRow } from '../accounts/check-credentials.js';
import type { AccountServiceDeps } from '../accounts/create-account-service.js';
import { normaliseEmail } from '../accounts/tenant-for-email.js';
import { endAccountSession, findAccountSession, openAccountSession } from './account-sessions.js';
import { confirmTotp, startTotp, totpSetup } from './authenticator.js';
import { withEndedCoolingOff } from './cooling-off.js';
import { confirmPersonalEmail, startPersonalEmail } from './personal-email.js';
import { generateRecoveryCodes } from './recovery-codes.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { registrationStatus, skipRegistration } from './registration.js';
import { removeMethod } from './remove-method.js';
import type {
  AfterNewPassword,
  SecurityInfo,
  SecurityInfoService,
  SignedInPerson,
} from './security-info-service.js';
import { securitySignIn } from './security-sign-in.js';

function person(user: UserRow): SignedInPerson {
  return { id: user.id, email: user.email, display_name: user.display_name, isAdmin: user.is_admin === 1 };
}

/** The service behind security info (see SecurityInfoService). */
export function createSecurityInfo(accountDeps: AccountServiceDeps, deps: RecoveryDeps): SecurityInfoService {
  const lifetimes = deps.config.recovery;
  return {
    ...securitySignIn(accountDeps, deps),

    async session(token) {
      const user = await findAccountSession(deps.db, token, 'account', deps.now().getTime(), lifetimes);
      return user === null ? null : person(user);
    },

    signOut: (token) => endAccountSession(deps.db, token),

    async securityInfo(who): Promise<SecurityInfo> {
      const status = await registrationStatus(deps, who.id);
      if (status === null) throw new Error('securityInfo: the signed-in user no longer exists');
      return {
        person: who,
        overview: withEndedCoolingOff(status.overview, deps.now().getTime()),
        standing: status.standing,
        allowed: deps.config.recovery.methods,
        skipsLeft: status.skipsLeft,
        prompt: status.prompt,
      };
    },

    async startPersonalEmail(who, address) {
      const sent = await startPersonalEmail(deps, who, address);
      return sent.status === 'ok' ? { status: 'ok' } : sent;
    },
    confirmPersonalEmail: (who, code, origin) => confirmPersonalEmail(deps, who, code, origin),
    startTotp: (who) => startTotp(deps, who),
    totpSetup: (who) => totpSetup(deps, who),
    confirmTotp: (who, code, origin) => confirmTotp(deps, who, code, origin),
    generateRecoveryCodes: (who, origin) => generateRecoveryCodes(deps, who, origin),
    async removeMethod(who, target, origin) {
      const removed = await removeMethod(deps, who, target, origin);
      return removed.status === 'ok' ? { status: 'ok' } : removed;
    },
    skipRegistration: (who) => skipRegistration(deps, who.id),

    async afterNewPassword(email, version): Promise<AfterNewPassword> {
      const user = await deps.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      if (user === undefined || user.status === 'suspended') return { prompt: 'none' };
      const status = await registrationStatus(deps, user.id);
      if (status === null || status.prompt === 'none') return { prompt: 'none' };
      if (status.prompt === 'offer') return { prompt: 'offer' };
      // Another password accepted since this one (by its owner, say, while this request waited for
      // Microsoft 365) is not what this request proved: no session on its strength.
      const session =
        status.factors.length === 0 && user.credential_version === version
          ? await openAccountSession(deps.db, user, 'account', deps.now().getTime(), lifetimes)
          : null;
      return { prompt: 'required', skipsLeft: status.skipsLeft, session };
    },
  };
}
