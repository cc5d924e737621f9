import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suspendUser, unsuspendUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli-in-process.js';
import { runCliProcess } from '../support/run-cli-process.js';
import { linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_SECRET_KEY, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

const ORIGIN = { clientIp: '192.0.2.81', userAgent: 'vitest' };
const OLD = 'Harbour-Lantern-73!';
let t: TestPortal;
let sink: SmtpSink;
let configPath: string;

async function status(email: string): Promise<string> {
  const row = await t.portal.store.db
    .selectFrom('users')
    .select('status')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.status;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestPortal({
    users: ['sue.suspended', 'ed.expired', 'cli.suspend', 'mo.outage'].map((name) => ({
      email: `${name}@contoso.example`,
      password: OLD,
    })),
    config: {
      mail: sink.mailConfig,
      organisation: { name: 'Contoso', supportText: 'Call the help desk on 555-0100.' },
    },
  });
  // The same database and tenant, as the admin's CLI sees them.
  configPath = join(t.databasePath, '..', 'cli-config.json');
  await writeFile(
    configPath,
    JSON.stringify({
      publicUrl: t.config.publicUrl,
      database: t.databasePath,
      tenants: [{ name: 'contoso', domains: ['contoso.example'], graph: t.config.tenants[0]?.graph }],
    }),
  );
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('suspended accounts', () => {
  it('are refused at every door while suspended, and come back as they were when unsuspended', async () => {
    const email = 'sue.suspended@contoso.example';
    const { accounts, store } = t.portal;
    // Open ways in made before the suspension: a reset link and nothing else.
    await accounts.requestReset({ email, ...ORIGIN });
    await waitUntil(() => sink.received.some((m) => m.to[0] === email));
    await suspendUser(t.portal.adminDeps, email, new Date(), { type: 'admin', id: 'test' });
    await waitUntil(() => t.emulator.getUser(t.tenantId, email)?.accountEnabled === false);

    expect(await accounts.signIn({ email, password: OLD, ...ORIGIN })).toMatchObject({
      refusals: [{ code: 'ACCOUNT_SUSPENDED' }],
    });
    // A wrong password learns nothing: the same answer as for an unknown account.
    expect(await accounts.signIn({ email, password: 'Not-The-One-12!', ...ORIGIN })).toMatchObject({
      refusals: [{ code: 'INVALID_CREDENTIALS' }],
    });
    expect(
      await accounts.changePassword({
        email,
        currentPassword: OLD,
        newPassword: 'Never-Set-This-1!',
        ...ORIGIN,
      }),
    ).toMatchObject({
      refusals: [{ code: 'ACCOUNT_SUSPENDED' }],
    });
    const links = await store.db.selectFrom('link_tokens').select('token_hash').execute();
    const mailsBefore = sink.received.length;
    await accounts.requestReset({ email, ...ORIGIN });
    expect(await store.db.selectFrom('link_tokens').select('token_hash').execute()).toHaveLength(
      links.length,
    );
    await t.portal.mailSender.runOnce();
    await waitUntil(() => sink.received.length > mailsBefore);
    const notice = sink.received.at(-1)?.raw ?? '';
    expect(notice).toContain('Call the help desk on 555-0100.');
    expect(notice).not.toContain('token=');
    const first = sink.received.find((m) => m.to[0] === email);
    if (first === undefined) throw new Error('the reset mail sent before the suspension is missing');
    const token = linkToken(first, '/reset/confirm');
    // The live link's holder is told the account is suspended (issue 16), and it sets nothing.
    expect(await accounts.getLink(token, 'reset')).toBe('suspended');
    expect(
      await accounts.setPasswordWithLink({
        token,
        purpose: 'reset',
        newPassword: 'Never-Set-This-2!',
        ...ORIGIN,
      }),
    ).toMatchObject({
      refusals: [{ code: 'ACCOUNT_SUSPENDED' }],
    });
    expect(t.emulator.verifyPassword(t.tenantId, email, OLD)).toBe(true);

    expect(await unsuspendUser(t.portal.adminDeps, email, new Date(), { type: 'admin', id: 'test' })).toBe(
      'active',
    );
    await waitUntil(() => t.emulator.getUser(t.tenantId, email)?.accountEnabled === true);
    expect(await accounts.signIn({ email, password: OLD, ...ORIGIN })).toEqual({ status: 'ok' });
  });

  it('refuses the session of an expired account suspended after signing in', async () => {
    const email = 'ed.expired@contoso.example';
    const { accounts, store } = t.portal;
    await store.db.updateTable('users').set({ status: 'expired' }).where('email', '=', email).execute();
    const signIn = await accounts.signIn({ email, password: OLD, ...ORIGIN });
    if (signIn.status !== 'must_change') throw new Error('expected must_change');
    await suspendUser(t.portal.adminDeps, email, new Date(), { type: 'admin', id: 'test' });
    expect(await accounts.getSession(signIn.session.token)).toBeNull();
    expect(
      await accounts.setPasswordWithSession({
        sessionToken: signIn.session.token,
        newPassword: 'Never-Set-This-3!',
        ...ORIGIN,
      }),
    ).toMatchObject({
      status: 'refused',
    });
  });
});

describe('passgate users (a real process beside the running server)', () => {
  it('suspends and expires: the running server blocks and unblocks the user in Microsoft 365', async () => {
    const email = 'cli.suspend@contoso.example';
    const env = { PASSGATE_SECRET_KEY: TEST_SECRET_KEY };
    const suspend = await runCliProcess(['users', 'suspend', email, '--config', configPath], env);
    expect(suspend).toMatchObject({ code: 0 });
    expect(suspend.out).toContain(`${email}: suspended`);
    t.portal.worker.wake();
    await waitUntil(() => t.emulator.getUser(t.tenantId, email)?.accountEnabled === false);
    expect(await status(email)).toBe('suspended');
    // The first command ran as a process of its own; the others run in this one (each process start
    // with tsx takes seconds on a busy machine), still beside the server, on their own connection.
    const unsuspend = await cliInProcess(['users', 'unsuspend', email, '--config', configPath], env);
    expect(unsuspend.out).toContain('unsuspended (now active)');
    await waitUntil(() => t.emulator.getUser(t.tenantId, email)?.accountEnabled === true);

    const expire = await cliInProcess(['users', 'expire', email, '--config', configPath], env);
    expect(expire).toMatchObject({ code: 0 });
    await waitUntil(() => t.emulator.getUser(t.tenantId, email)?.accountEnabled === false);
    expect(await status(email)).toBe('expired');
    const missing = await cliInProcess(
      ['users', 'expire', 'nobody@contoso.example', '--config', configPath],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no user nobody@contoso.example');
  });
});

describe('mail queue', () => {
  it('keeps a reset mail through an SMTP outage and delivers it exactly once when the server is back', async () => {
    const email = 'mo.outage@contoso.example';
    await t.portal.mailSender.stop();
    await sink.stop();
    await t.portal.accounts.requestReset({ email, ...ORIGIN });
    const { db } = t.portal.store;
    const row = () =>
      db.selectFrom('mail_queue').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
    expect(await t.portal.mailSender.runOnce()).toBe(1);
    expect(await row()).toMatchObject({ status: 'queued', attempts: 1 });
    expect((await row()).last_error).toBeTruthy();
    await sink.start();
    await db.updateTable('mail_queue').set({ next_attempt_at: 0 }).where('to_address', '=', email).execute();
    expect(await t.portal.mailSender.runOnce()).toBe(1);
    expect(await t.portal.mailSender.runOnce()).toBe(0);
    expect(sink.received.filter((m) => m.to[0] === email)).toHaveLength(1);
    expect(await row()).toMatchObject({ status: 'sent', payload: null });
  });
});
