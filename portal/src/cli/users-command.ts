import { parseArgs } from 'node:util';
import { violationMessage } from '@passgate/core/policy';
import { loadCommonPasswords } from '@passgate/core/policy/common-passwords';
import { z } from 'zod';
import { policyRefusals } from '../accounts/accept-password.js';
import { describeDrift, findDrift } from '../accounts/find-drift.js';
import { tenantForEmail } from '../accounts/tenant-for-email.js';
import { addUser, findUser, listUsers, type UserSummary } from '../accounts/user-directory.js';
import type { PortalConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
import { nameProblem } from '../import/parse-user-csv.js';
import { KIND_NAMES } from '../recovery/kind-names.js';
import { listMethods, type RecoveryOverview } from '../recovery/list-methods.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { generatePassword } from './generate-password.js';
import { loadCliConfig } from './load-cli-config.js';
import { openCliStore } from './open-cli-store.js';
import { readSecretFromStdin } from './read-secret-stdin.js';
import { userStateCommand } from './user-state-command.js';
import { usersImportCommand } from './users-import-command.js';

const emailSchema = z.email({ error: 'expected an e-mail address, e.g. ann@contoso.com' });

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  name: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
  pending: { type: 'boolean' },
} as const;

const USAGE =
  'expected: users add <email> [--name NAME] [--password-stdin | --pending] | users import --tenant NAME | --csv FILE | users list [--json] | users show <email> [--json] | users expire|unlock|suspend|unsuspend|send-activation <email> | users never-expires <email> on|off | users admin <email> on|off | users clear-recovery <email>';

/** What each action takes after its name, and which options (besides --config). */
interface ActionShape {
  operand: 'none' | 'email' | 'email on|off';
  options: readonly (keyof typeof OPTIONS)[];
}

const STATE_ACTION: ActionShape = { operand: 'email', options: [] };
const SWITCH_ACTION: ActionShape = { operand: 'email on|off', options: [] };

/** Every action and its arguments: anything else is refused before the config or the database is read. */
const ACTIONS: Readonly<Record<string, ActionShape>> = {
  list: { operand: 'none', options: ['json'] },
  show: { operand: 'email', options: ['json'] },
  add: { operand: 'email', options: ['name', 'password-stdin', 'pending'] },
  expire: STATE_ACTION,
  unlock: STATE_ACTION,
  suspend: STATE_ACTION,
  unsuspend: STATE_ACTION,
  'send-activation': STATE_ACTION,
  'clear-recovery': STATE_ACTION,
  'never-expires': SWITCH_ACTION,
  admin: SWITCH_ACTION,
};

type UsersValues = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean;
};

interface UsersCall {
  action: string;
  /** As given (a valid address); '' for list. */
  email: string;
  /** never-expires and admin: on or off. */
  toggle: string | undefined;
}

/** The action, its e-mail and on|off, and its options, checked whole: throws UsageError. */
function checkCall(values: UsersValues, positionals: string[]): UsersCall {
  const [action, ...operands] = positionals;
  const shape = action === undefined || !Object.hasOwn(ACTIONS, action) ? undefined : ACTIONS[action];
  if (action === undefined || shape === undefined) throw new UsageError(USAGE);
  for (const option of Object.keys(OPTIONS) as (keyof typeof OPTIONS)[])
    if (option !== 'config' && values[option] !== undefined && !shape.options.includes(option))
      throw new UsageError(`users ${action}: --${option} does not go with ${action}`);
  const wanted = shape.operand === 'none' ? 0 : shape.operand === 'email' ? 1 : 2;
  if (operands.length > wanted)
    throw new UsageError(`users ${action}: unexpected ${operands.slice(wanted).join(' ')}`);
  if (shape.operand === 'none') return { action, email: '', toggle: undefined };
  const parsed = emailSchema.safeParse(operands[0]);
  if (!parsed.success)
    throw new UsageError(
      `users ${action}: ${parsed.error.issues[0]?.message ?? 'expected an e-mail address'}`,
    );
  const toggle = operands[1];
  if (shape.operand === 'email on|off' && toggle !== 'on' && toggle !== 'off')
    throw new UsageError(`users ${action} <email> on|off`);
  if (action === 'add') {
    // The import's rule: a tab or a line break in a name would forge rows in `users list`'s output.
    const badName = values.name === undefined ? null : nameProblem(values.name.trim());
    if (badName !== null) throw new UsageError(`users add --name: ${badName}`);
    if (values.pending === true && values['password-stdin'] === true)
      throw new UsageError('users add: --pending takes no password');
  }
  return { action, email: parsed.data, toggle };
}

/**
 * The first password of `users add`, read or generated and judged where every new password is (the same
 * policy, context and common-password list), before the database is opened; null for --pending.
 */
async function initialPassword(
  config: PortalConfig,
  values: UsersValues,
  email: string,
  io: CliIo,
): Promise<string | null> {
  if (values.pending === true) return null;
  const password =
    values['password-stdin'] === true ? await readSecretFromStdin(io.stdin) : generatePassword(config.policy);
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
  return password;
}

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

/**
 * `passgate users add|list|show|import|admin|…`. Every argument is checked before the database is opened;
 * add (and import) may create a new database, the others refuse a missing or unmigrated one (openCliStore).
 */
export async function usersCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'import') return usersImportCommand(args.slice(1), io);
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const { action, email, toggle } = checkCall(values, positionals);
  const config = await loadCliConfig(values.config, io.env);
  const password = action === 'add' ? await initialPassword(config, values, email, io) : null;
  const store = await openCliStore(config, io, { poolSize: 2, mayCreate: action === 'add' });
  try {
    if (action === 'list') {
      const users = await listUsers(store.db);
      if (values.json === true) for (const user of users) io.out(JSON.stringify(user));
      else
        for (const user of users)
          io.out(
            `${user.email}\t${user.status}\t${tenantForEmail(config.tenants, user.email)?.name ?? '-'}\t${user.displayName ?? ''}`,
          );
      return 0;
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
      if (values.json === true)
        io.out(JSON.stringify({ ...user, tenant, recoveryMethods, recoveryCodesLeft, drift }));
      else for (const line of describe(user, tenant, recovery)) io.out(line);
      if (values.json !== true && drift !== null) io.out(`  drift:             ${describeDrift(drift)}`);
      return 0;
    }
    const deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
    if (action !== 'add') return await userStateCommand(deps, action, email, toggle, io);
    await addUser(store.db, { email, displayName: values.name ?? null, password }, new Date());
    if (password === null) {
      await userStateCommand(deps, 'send-activation', email, undefined, io);
      io.out(`added ${email.toLowerCase()} (pending_activation)`);
      return 0;
    }
    io.out(`added ${email.toLowerCase()}`);
    // Printed once, on purpose: the admin hands it over; it is stored only as an argon2id hash.
    if (values['password-stdin'] !== true) io.out(`initial password (shown once): ${password}`);
    return 0;
  } finally {
    await store.close();
  }
}
