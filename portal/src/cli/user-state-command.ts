import {
  type AccountAdminDeps,
  expireUser,
  sendActivation,
  setNeverExpires,
  suspendUser,
  unlockUser,
  unsuspendUser,
} from '../accounts/admin-actions.js';
import { clearRecoveryMethods } from '../accounts/clear-recovery.js';
import { setAdmin } from '../accounts/set-admin.js';
import { tenantForEmail } from '../accounts/tenant-for-email.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';

const ADMIN = { type: 'admin' as const, id: 'cli' };
const SERVER_NOTE = 'the running portal applies it to Microsoft 365 (its sync worker reads the queue)';

/**
 * `passgate users expire|unlock|suspend|unsuspend|send-activation|never-expires|admin|clear-recovery`. The CLI only writes
 * to the database (status, outbox job, mail row); the running server's worker and mail sender apply them.
 */
export async function userStateCommand(
  deps: AccountAdminDeps,
  action: string,
  email: string,
  arg: string | undefined,
  io: CliIo,
): Promise<number> {
  const now = new Date();
  const inTenant = tenantForEmail(deps.config.tenants, email) !== null;
  switch (action) {
    case 'expire': {
      const done = await expireUser(deps, email, now, ADMIN);
      io.out(done ? `${email}: password expired` : `${email}: already expired`);
      const tenant = tenantForEmail(deps.config.tenants, email);
      if (done && tenant?.onExpiry === 'suspend')
        io.out(`  Microsoft 365 sign-in will be blocked until a new password is set: ${SERVER_NOTE}`);
      return 0;
    }
    case 'unlock': {
      const done = await unlockUser(deps, email, now, ADMIN);
      io.out(done ? `${email}: unlocked` : `${email}: was not locked`);
      return 0;
    }
    case 'suspend':
      await suspendUser(deps, email, now, ADMIN);
      io.out(`${email}: suspended`);
      if (inTenant) io.out(`  Microsoft 365 sign-in will be blocked: ${SERVER_NOTE}`);
      return 0;
    case 'unsuspend': {
      const status = await unsuspendUser(deps, email, now, ADMIN);
      io.out(`${email}: unsuspended (now ${status})`);
      if (inTenant && status !== 'expired')
        io.out(`  Microsoft 365 sign-in will be allowed again: ${SERVER_NOTE}`);
      return 0;
    }
    case 'send-activation':
      // The link itself is not printed: it is as good as a password until used; it goes by mail only.
      await sendActivation(deps, email, now, ADMIN);
      io.out(
        `${email}: welcome mail queued (valid ${deps.config.links.activationDays} days; older links no longer work)`,
      );
      return 0;
    case 'never-expires': {
      if (arg !== 'on' && arg !== 'off') throw new UsageError('users never-expires <email> on|off');
      await setNeverExpires(deps, email, arg === 'on', now, ADMIN);
      io.out(`${email}: password ${arg === 'on' ? 'never expires' : 'expires per the policy'}`);
      return 0;
    }
    case 'admin': {
      if (arg !== 'on' && arg !== 'off') throw new UsageError('users admin <email> on|off');
      const changed = await setAdmin(deps, email, arg === 'on', now, ADMIN);
      const state =
        arg === 'on' ? 'an admin account (always needs 2 recovery methods)' : 'not an admin account';
      io.out(`${email}: ${changed ? '' : 'already '}${state}`);
      return 0;
    }
    case 'clear-recovery': {
      const kinds = await clearRecoveryMethods(deps, email, now, ADMIN);
      io.out(
        kinds.length === 0
          ? `${email}: had no recovery methods`
          : `${email}: removed ${kinds.join(', ')}; security info sessions ended (the person registers again after signing in)`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown users action ${action}`);
  }
}
