import type { AccountService } from './account-service.js';
import { type ChangePasswordDeps, createChangePassword } from './change-password.js';

export type AccountServiceDeps = ChangePasswordDeps;

function notYet(name: string): () => never {
  return () => {
    throw new Error(`${name} is not implemented yet (issue 6 in progress)`);
  };
}

/** The domain services behind the routes (see AccountService). */
export function createAccountService(deps: AccountServiceDeps): AccountService {
  return {
    changePassword: createChangePassword(deps),
    signIn: notYet('signIn'),
    getSession: notYet('getSession'),
    endSession: notYet('endSession'),
    setPasswordWithSession: notYet('setPasswordWithSession'),
    requestReset: notYet('requestReset'),
    getLink: notYet('getLink'),
    setPasswordWithLink: notYet('setPasswordWithLink'),
    passwordContextFor: notYet('passwordContextFor'),
  };
}
