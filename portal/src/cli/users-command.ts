import { parseArgs } from 'node:util';
import { violationMessage } from '@passgate/core/policy';
import { loadCommonPasswords } from '@passgate/core/policy/common-passwords';
import { z } from 'zod';
import { policyRefusals } from '../accounts/accept-password.js';
import { describeDrift, findDrift } from '../accounts/find-drift.js';
import { tenantForEmail } from '../accounts/tenant-for-email.js';
import { addUser, findUser, listUsers, type UserSummary } from '../accounts/user-directory.js';
import { createSealer } from '../crypto/sealer.js';
import { nameProblem } from '../import/parse-user-csv.js';
import { KIND_NAMES } from '../recovery/kind-names.js';
import { listMethods, type RecoveryOverview } from '../recovery/list-methods.js';
import { openStore } from '../store/open-store.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { cliLogger } from './cli-logger.js';
import { generatePassword } from './generate-password.js';
import { loadCliConfig } from './load-cli-config.js';
import { readSecretFromStdin } from './read-secret-stdin.js';
import { userStateCommand } from './user-state-command.js';
import { usersImportCommand } from './users-import-command.js';

const emailSchema = z.email({ error: 'expected an e-mail address, e.g. ann@contoso.com' });

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  name: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  pending: { type: 'boolean', default: false },
} as const;

const STATE_ACTIONS = new Set([
  'expire',
  'unlock',
  'suspend',
  'unsuspend',
  'send-activation',
  'never-expires',
  'admin',
  'clear-recovery',
]);

function describe(user: UserSummary, tenant: string | null, recovery: RecoveryOverview): string[] {
  const job = user.pendingJob;
  return [
    `${user.email}${user.displayName ? ` (${user.displayName})` : ''}`,
    `  status:            ${user.status}${user.lockedUntil ? ` (locked until ${user.lockedUntil.toISOString()})` : ''}${user.neverExpires ? ' (password never expires)' : ''}`,
    `  tenant:            ${tenant ?? 'none (portal only)'}`,
    `  password changed:  ${user.passwordChangedAt.toISOString()}`,
    `  last sync:         ${user.lastSyncedAt?.toISOString() ?? 'never'}${user.lastSyncError ? ` (last error: ${user.lastSyncError})` : ''}`,
    `  pending job:       ${job ? `${job.id} ${job.status}, ${job.attempts} attempt(s), next at ${job.nextAttemptAt.toISOString()}${job.lastError ? `, last error: ${job.lastError}` : ''}` : 'none'}`,
    `  admin account:     ${user.isAdmin ? 'yes (always needs 2 recovery methods)' : 'no'}`,
    `  recovery methods:  ${describeMethods(recovery)}`,
  ];
}

function describeMethods(recovery: RecoveryOverview): string {
  const names = recovery.methods.map((method) => KIND_NAMES[method.kind].toLowerCase());
  const codes = recovery.recoveryCodes;
  if (codes !== null) names.push(`recovery codes (${codes.left} of ${codes.total} left)`);
  return names.length === 0 ? 'none' : names.join(', ');
}

/** `passgate users add|list|show|import|admin|…`. */
export async function usersCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'import') return usersImportCommand(args.slice(1), io);
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const [action, emailArg] = positionals;
  const config = await loadCliConfig(values.config, io.env);
  const store = await openStore(config.database, { logger: cliLogger(config, io), poolSize: 2 });
  try {
    if (action === 'list') {
      const users = await listUsers(store.db);
      if (values.json) for (const user of users) io.out(JSON.stringify(user));
      else
        for (const user of users)
          io.out(
            `${user.email}\t${user.status}\t${tenantForEmail(config.tenants, user.email)?.name ?? '-'}\t${user.displayName ?? ''}`,
          );
      return 0;
    }
    const parsed = emailSchema.safeParse(emailArg);
    if (!parsed.success)
      throw new UsageError(
        `users ${action ?? '?'}: ${parsed.error.issues[0]?.message ?? 'expected an e-mail address'}`,
      );
    const email = parsed.data;
    if (action !== undefined && STATE_ACTIONS.has(action)) {
      const deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
      return await userStateCommand(deps, action, email, positionals[2], io);
    }
    if (action === 'show') {
      const user = await findUser(store.db, email);
      if (user === null) {
        io.err(`no user ${email}`);
        return 1;
      }
      const tenant = tenantForEmail(config.tenants, user.email)?.name ?? null;
      const recovery = await listMethods(store.db, user.id);
      const recoveryMethods = recovery.methods.map((method) => method.kind);
      const recoveryCodesLeft = recovery.recoveryCodes?.left ?? null;
      const drift = await findDrift(store.db, user.id);
      if (values.json) io.out(JSON.stringify({ ...user, tenant, recoveryMethods, recoveryCodesLeft, drift }));
      else for (const line of describe(user, tenant, recovery)) io.out(line);
      if (!values.json && drift !== null) io.out(`  drift:             ${describeDrift(drift)}`);
      return 0;
    }
    // The import's rule: a tab or a line break in a name would forge rows in `users list`'s output.
    const badName = action === 'add' && values.name !== undefined ? nameProblem(values.name.trim()) : null;
    if (badName !== null) throw new UsageError(`users add --name: ${badName}`);
    if (action === 'add' && values.pending) {
      if (values['password-stdin']) throw new UsageError('users add: --pending takes no password');
      await addUser(store.db, { email, displayName: values.name ?? null, password: null }, new Date());
      const deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
      await userStateCommand(deps, 'send-activation', email, undefined, io);
      io.out(`added ${email.toLowerCase()} (pending_activation)`);
      return 0;
    }
    if (action === 'add') {
      const password = values['password-stdin']
        ? await readSecretFromStdin(io.stdin)
        : generatePassword(config.policy);
      // Judged where every new password is: the same policy, context and common-password list.
      const dictionary = config.policy.disallowCommonPasswords ? loadCommonPasswords() : undefined;
      const refusals = policyRefusals(
        config,
        { email: email.toLowerCase(), display_name: values.name ?? null },
        password,
        dictionary,
      );
      if (refusals.length > 0)
        throw new UsageError(
          `the password does not meet the policy: ${refusals.map(({ code }) => `${code} (${violationMessage(code, config.policy)})`).join('; ')}`,
        );
      await addUser(store.db, { email, displayName: values.name ?? null, password }, new Date());
      io.out(`added ${email.toLowerCase()}`);
      // Printed once, on purpose: the admin hands it over; it is stored only as an argon2id hash.
      if (!values['password-stdin']) io.out(`initial password (shown once): ${password}`);
      return 0;
    }
    throw new UsageError(
      'expected: users add <email> [--name NAME] [--password-stdin | --pending] | users import --tenant NAME | --csv FILE | users list | users show <email> | users expire|unlock|suspend|unsuspend|send-activation <email> | users never-expires <email> on|off | users admin <email> on|off | users clear-recovery <email>',
    );
  } finally {
    await store.close();
  }
}
