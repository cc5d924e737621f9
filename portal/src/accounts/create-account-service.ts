import type { AccountService } from './account-service.js';
import { type ChangePasswordDeps, createChangePassword } from './change-password.js';

export type AccountServiceDeps = ChangePasswordDeps;

/** The domain services behind the routes (see AccountService). */
export function createAccountService(deps: AccountServiceDeps): AccountService {
  return { changePassword: createChangePassword(deps) };
}
