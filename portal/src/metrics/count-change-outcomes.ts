import type { AccountService, ChangeOutcome } from '../accounts/account-service.js';

/**
 * The account service with every way of setting a password (change, expired sign-in, reset or welcome
 * link) counted by outcome: the one place changes are counted, whichever route asked.
 */
export function countChangeOutcomes(
  accounts: AccountService,
  metrics: { changeSettled(outcome: ChangeOutcome): void },
): AccountService {
  const counted = <A extends unknown[]>(run: (...args: A) => Promise<ChangeOutcome>) =>
    async function counted(...args: A): Promise<ChangeOutcome> {
      const outcome = await run(...args);
      metrics.changeSettled(outcome);
      return outcome;
    };
  // Listed, not spread: a class instance's methods live on its prototype, and a method added to
  // AccountService later must be passed on here (the compiler says so).
  return {
    signIn: (input) => accounts.signIn(input),
    getSession: (token) => accounts.getSession(token),
    endSession: (token) => accounts.endSession(token),
    requestReset: (input) => accounts.requestReset(input),
    getLink: (token, purpose) => accounts.getLink(token, purpose),
    passwordContextFor: (email) => accounts.passwordContextFor(email),
    passwordsOnRecord: (email) => accounts.passwordsOnRecord(email),
    credentialEpoch: (email) => accounts.credentialEpoch(email),
    changePassword: counted((input) => accounts.changePassword(input)),
    setPasswordWithSession: counted((input) => accounts.setPasswordWithSession(input)),
    setPasswordWithLink: counted((input) => accounts.setPasswordWithLink(input)),
  };
}
