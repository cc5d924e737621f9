import { parseArgs } from 'node:util';
import { evaluatePassword } from '@passgate/core/policy';
import { loadCommonPasswords } from '@passgate/core/policy/common-passwords';
import { z } from 'zod';
import { tenantForEmail } from '../accounts/tenant-for-email.js';
import { addUser, findUser, listUsers, type UserSummary } from '../accounts/user-directory.js';
import { openStore } from '../store/open-store.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { generatePassword } from './generate-password.js';
import { loadCliConfig } from './load-cli-config.js';
import { readSecretFromStdin } from './read-secret-stdin.js';

const emailSchema = z.email({ error: 'expected an e-mail address, e.g. ann@contoso.com' });

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  name: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

function describe(user: UserSummary, tenant: string | null): string[] {
  const job = user.pendingJob;
  return [
    `${user.email}${user.displayName ? ` (${user.displayName})` : ''}`,
    `  status:            ${user.status}`,
    `  tenant:            ${tenant ?? 'none (portal only)'}`,
    `  password changed:  ${user.passwordChangedAt.toISOString()}`,
    `  last sync:         ${user.lastSyncedAt?.toISOString() ?? 'never'}${user.lastSyncError ? ` (last error: ${user.lastSyncError})` : ''}`,
    `  pending job:       ${job ? `${job.id} ${job.status}, ${job.attempts} attempt(s), next at ${job.nextAttemptAt.toISOString()}${job.lastError ? `, last error: ${job.lastError}` : ''}` : 'none'}`,
  ];
}

/** `passgate users add|list|show`. */
export async function usersCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const [action, emailArg] = positionals;
  const config = await loadCliConfig(values.config, io.env);
  const store = await openStore(config.database);
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
    if (action === 'show') {
      const user = await findUser(store.db, email);
      if (user === null) {
        io.err(`no user ${email}`);
        return 1;
      }
      const tenant = tenantForEmail(config.tenants, user.email)?.name ?? null;
      if (values.json) io.out(JSON.stringify({ ...user, tenant }));
      else for (const line of describe(user, tenant)) io.out(line);
      return 0;
    }
    if (action === 'add') {
      const password = values['password-stdin']
        ? await readSecretFromStdin(io.stdin)
        : generatePassword(config.policy);
      const evaluation = evaluatePassword(password, config.policy, {
        email,
        username: email.split('@')[0] ?? '',
      });
      if (!evaluation.ok)
        throw new UsageError(
          `the password does not meet the policy: ${evaluation.violations.map((v) => `${v.code} (${v.message})`).join('; ')}`,
        );
      await addUser(store.db, { email, displayName: values.name ?? null, password }, new Date());
      io.out(`added ${email.toLowerCase()}`);
      // Printed once, on purpose: the admin hands it over; it is stored only as an argon2id hash.
      if (!values['password-stdin']) io.out(`initial password (shown once): ${password}`);
      return 0;
    }
    throw new UsageError(
      'expected: users add <email> [--name NAME] [--password-stdin] | users list | users show <email>',
    );
  } finally {
    await store.close();
  }
}
