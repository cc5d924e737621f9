import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, createLogger, openPortal, openStore } from '@passgate/portal';
import { startM365Emulator } from '@passgate/test/m365-emulator';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { cliInProcess } from '../support/cli-in-process.js';
import {
  PORTAL_ONLY_DOMAIN,
  startTestPortal,
  TEST_SECRET_KEY,
  TEST_TENANT_DOMAIN,
} from '../support/start-portal.js';
import { submitChange } from '../support/submit-change.js';
import { createPostgresDatabase, testDialects } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

// `passgate db migrate|check|backup|copy`, run in-process as an admin would run them. Every command's
// output is checked for the PostgreSQL password (the cluster's URLs carry one).
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-db-commands-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function freshPath(label: string): string {
  return join(dir, `${label}-${Math.random().toString(36).slice(2)}.sqlite`);
}

async function db(
  database: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const config = join(dir, `passgate-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    config,
    `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
  );
  const result = await cliInProcess(['db', ...args, '--config', config], {
    PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
    ...env,
  });
  for (const url of [database, env.PASSGATE_DB_COPY_TO ?? '']) {
    const password = URL.canParse(url) ? new URL(url).password : '';
    if (password !== '') expect(`${result.out}\n${result.err}`).not.toContain(password);
  }
  return result;
}

describe('passgate db backup', () => {
  it('copies the database while the portal has it open and keeps writing, into a 0600 file', async () => {
    const path = freshPath('live');
    const t = await startTestPortal({ database: { existing: path }, startWorker: false });
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await addUser(
          t.portal.store.db,
          { email: `w${written}@${PORTAL_ONLY_DOMAIN}`, displayName: null, password: 'Granite-Willow-24!' },
          new Date(),
        );
        written += 1;
      }
    })();
    try {
      await waitUntil(() => written >= 3);
      const before = written;
      const out = join(dir, 'live-backup.sqlite');
      const result = await db(path, ['backup', '--out', out]);
      expect(result).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^backed up .* \(\d+ pages, mode 600\)$/),
      });
      writing = false;
      await writer;
      expect((await stat(out)).mode & 0o777).toBe(0o600);
      const copy = await openStore(out, { migrate: false });
      const emails = (await copy.db.selectFrom('users').select('email').execute()).map((u) => u.email);
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(copy.db);
      await copy.close();
      expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
      for (const user of t.users) expect(emails).toContain(user.email);
      for (let i = 0; i < before; i += 1) expect(emails).toContain(`w${i}@${PORTAL_ONLY_DOMAIN}`);
      expect(emails.length).toBeLessThanOrEqual(t.users.length + written);
    } finally {
      writing = false;
      await writer;
      await t.close();
    }
  });
});

describe.runIf(testDialects().includes('postgres'))('passgate db on PostgreSQL', () => {
  it('checks without migrating, then migrates, naming the database without its password', async () => {
    const url = await createPostgresDatabase('db_check');
    const shown = `postgres://postgres:***@${new URL(url).host}${new URL(url).pathname}`;
    expect(await db(url, ['check'])).toEqual({
      code: 1,
      out: [
        `database  postgres ${shown}`,
        'schema    none (no migrations applied)',
        'pending   0001_initial, 0002_account_states, 0003_credential_version, 0004_password_drift, 0005_recovery_methods, 0006_used_challenges, 0007_extension_installs, 0008_passkey_challenges, 0009_reset_flows, 0010_admin_sessions, 0011_admin_console, 0012_method_cooling_off, 0013_user_locale, 0014_tenant_pause, 0015_job_reactivate, 0016_disabled_for, 0017_expired_at (run: passgate db migrate)',
      ].join('\n'),
      err: '',
    });
    expect((await db(url, ['check'])).code).toBe(1);
    expect(await db(url, ['migrate'])).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        /^ran {7}0001_initial\nran {7}0002_account_states\nran {7}0003_credential_version\nran {7}0004_password_drift\nran {7}0005_recovery_methods\nran {7}0006_used_challenges\nran {7}0007_extension_installs\nran {7}0008_passkey_challenges\nran {7}0009_reset_flows\nran {7}0010_admin_sessions\nran {7}0011_admin_console\nran {7}0012_method_cooling_off\nran {7}0013_user_locale\nran {7}0014_tenant_pause\nran {7}0015_job_reactivate\nran {7}0016_disabled_for\nran {7}0017_expired_at\n/,
      ),
    });
    expect(await db(url, ['check'])).toMatchObject({
      code: 0,
      out: expect.stringContaining('pending   none'),
    });
  });

  it('copies a stopped portal with queued jobs into PostgreSQL, where a portal applies them to Microsoft 365', async () => {
    const path = freshPath('queued');
    // Outlives the first portal: the second one, on PostgreSQL, talks to the same tenant.
    const emulator = await startM365Emulator();
    onTestFinished(() => emulator.close());
    const source = await startTestPortal({
      emulator,
      database: { existing: path },
      startWorker: false,
      config: { sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 0 } },
    });
    const changes = [
      {
        email: `adele.vance@${TEST_TENANT_DOMAIN}`,
        from: 'Harbour-Lantern-73!',
        to: 'Quartz-Harbour-Ferry-41!',
      },
      {
        email: `alex.wilber@${TEST_TENANT_DOMAIN}`,
        from: 'Copper-Meadow-58?',
        to: 'Saffron-Glacier-Comet-27?',
      },
    ];
    for (const c of changes) {
      const result = await submitChange(source.url, {
        email: c.email,
        currentPassword: c.from,
        newPassword: c.to,
      });
      expect(result.status).toBe(202);
    }
    // A portal-only account changes at once: its old password goes to the history (an identity column).
    const local = { email: `pat.local@${PORTAL_ONLY_DOMAIN}`, currentPassword: 'Velvet-Orchard-91#' };
    expect(
      (await submitChange(source.url, { ...local, newPassword: 'Marble-Kestrel-Dune-65#' })).status,
    ).toBe(200);
    await source.close();

    const sealedBefore = await payloads(path);
    expect(sealedBefore.size).toBe(2);
    const target = await createPostgresDatabase('copy_target');
    const copied = await db(path, ['copy'], { PASSGATE_DB_COPY_TO: target });
    expect(copied.err).toBe('');
    expect(copied.code).toBe(0);
    const lines = copied.out.split('\n');
    expect(lines[0]).toMatch(
      /^copied \S+queued-\w+\.sqlite \(schema 0017_expired_at\) into postgres:\/\/postgres:\*\*\*@/,
    );
    expect(lines.slice(1, -1).map((line) => line.trim().split(/\s+/))).toEqual([
      ['users', '3'],
      ['password_history', '1'],
      ['outbox_jobs', '2'],
      ['pending_passwords', '2'],
      ['audit_events', expect.stringMatching(/^\d+$/)],
      ['counters', expect.stringMatching(/^\d+$/)],
      ['portal_sessions', '0'],
      ['link_tokens', '0'],
      // The three changes' security notices ("your password was changed").
      ['mail_queue', '3'],
      ['scheduler_leases', '0'],
      ['reminders_sent', '0'],
      ['used_challenges', '0'],
      ['recovery_methods', '0'],
      ['recovery_codes', '0'],
      ['email_codes', '0'],
      ['extension_installs', '0'],
      ['password_drift', '0'],
      ['drift_sweeps', '0'],
      ['passkey_challenges', '0'],
      ['reset_flows', '0'],
      ['admin_sessions', '0'],
      ['tenant_health', '0'],
      ['graph_pauses', '0'],
    ]);
    expect(lines.at(-1)).toBe('row counts verified: the same in both databases');
    expect(await payloads(target)).toEqual(sealedBefore);

    const onPostgres = await openPortal(
      { ...source.config, database: target },
      { logger: createLogger({ level: 'silent' }) },
    );
    try {
      for (const c of changes) await waitUntil(() => emulator.verifyPassword(source.tenantId, c.email, c.to));
      await waitUntil(async () =>
        (await onPostgres.store.db.selectFrom('outbox_jobs').select('status').execute()).every(
          (job) => job.status === 'done',
        ),
      );
      // Applied and wiped: each sealed payload was opened with the ids it was bound to, then dropped.
      const jobs = await onPostgres.store.db
        .selectFrom('outbox_jobs')
        .select(['status', 'payload'])
        .execute();
      expect(jobs).toEqual([
        { status: 'done', payload: null },
        { status: 'done', payload: null },
      ]);
      // The identity sequences went past the copied numbers: the drain appended history and audit rows.
      const history = await onPostgres.store.db
        .selectFrom('password_history')
        .select('id')
        .orderBy('id')
        .execute();
      expect(history.map((h) => h.id)).toEqual([1, 2, 3]);
    } finally {
      await onPostgres.close();
    }

    const again = await db(path, ['copy'], { PASSGATE_DB_COPY_TO: target });
    expect(again).toMatchObject({ code: 1, out: '' });
    expect(again.err).toMatch(
      /^passgate db copy: refused: postgres:\/\/postgres:\*\*\*@\S+ is not empty \(rows in users, /,
    );
  });

  it("refuses another application's database, and leaves it as it was", async () => {
    const url = await createPostgresDatabase('other_application');
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    const tablesOf = async (): Promise<string[]> =>
      (
        await other.query<{ name: string }>(
          "select table_name as name from information_schema.tables where table_schema = 'public' order by 1",
        )
      ).rows.map((row) => row.name);
    try {
      await other.query('create table customers (id integer primary key, name text)');
      for (const action of ['migrate', 'check']) {
        expect(await db(url, [action])).toEqual({
          code: 78,
          out: '',
          err: expect.stringMatching(
            /^database: postgres:\/\/postgres:\*\*\*@\S+ is not a Passgate database \(it has tables customers but none of Passgate's migrations\); point "database" at Passgate's database, or at a new, empty one \(createdb\)$/,
          ),
        });
      }
      expect(await tablesOf()).toEqual(['customers']);
    } finally {
      await other.end();
    }
  });

  it("refuses to copy into another application's database, before writing anything to it", async () => {
    const path = await stoppedDatabase();
    const target = await createPostgresDatabase('foreign_target');
    const other = new pg.Client({ connectionString: target });
    await other.connect();
    try {
      await other.query('create table customers (id integer primary key, name text)');
      await other.query("insert into customers values (1, 'Contoso')");
      await other.query('create table orders (id integer primary key)');
      const result = await db(path, ['copy'], { PASSGATE_DB_COPY_TO: target });
      expect(result).toEqual({
        code: 1,
        out: '',
        err: expect.stringMatching(
          /^passgate db copy: refused: postgres:\/\/postgres:\*\*\*@\S+ is not a Passgate database \(it has tables customers, orders but none of Passgate's migrations\); db copy fills a new, empty database: create one \(createdb\) and copy into it$/,
        ),
      });
      const { rows } = await other.query<{ name: string }>(
        "select table_name as name from information_schema.tables where table_schema = 'public' order by 1",
      );
      expect(rows.map((row) => row.name)).toEqual(['customers', 'orders']);
    } finally {
      await other.end();
    }
    // The source was let go: the copy runs once pointed at an empty database.
    const empty = await createPostgresDatabase('after_foreign');
    expect((await db(path, ['copy'], { PASSGATE_DB_COPY_TO: empty })).code).toBe(0);
  });

  it('refuses a target a portal has already migrated, and leaves it as it was', async () => {
    const path = await stoppedDatabase();
    const target = await createPostgresDatabase('migrated_target');
    const used = await openStore(target);
    await used.close();
    const result = await db(path, ['copy'], { PASSGATE_DB_COPY_TO: target });
    expect(result).toEqual({
      code: 1,
      out: '',
      err: expect.stringMatching(
        / is not empty \(migrations recorded\); db copy fills a new, empty database: create one \(createdb\) and copy into it$/,
      ),
    });
    expect(await db(target, ['check'])).toMatchObject({ code: 0 });
  });

  it('rolls a failed copy back whole, migrations included, so it can be run again once the cause is fixed', async () => {
    // SQLite keeps what it is given; PostgreSQL refuses text in a bigint column, half-way through the copy.
    const path = await stoppedDatabase(async (store) => {
      await sql`insert into counters (key, count, window_start) values ('bad', 1, 'not-a-number')`.execute(
        store.db,
      );
    });
    const target = await createPostgresDatabase('failing_target');
    const failed = await db(path, ['copy'], { PASSGATE_DB_COPY_TO: target });
    expect(failed).toEqual({
      code: 78,
      out: '',
      err: expect.stringMatching(
        /^database: copying into postgres:\/\/postgres:\*\*\*@\S+ failed, nothing was committed: invalid input syntax for type bigint: "not-a-number"$/,
      ),
    });
    expect(await db(target, ['check'])).toMatchObject({
      code: 1,
      out: expect.stringContaining('schema    none'),
    });
    const store = await openStore(path);
    await store.db.deleteFrom('counters').where('key', '=', 'bad').execute();
    await store.close();
    expect(await db(path, ['copy'], { PASSGATE_DB_COPY_TO: target })).toMatchObject({ code: 0, err: '' });
  });

  it('refuses while the portal runs on the database, saying to stop it, and writes nothing to the target', async () => {
    const path = freshPath('running');
    const running = await startTestPortal({ database: { existing: path } });
    const target = await createPostgresDatabase('running_target');
    try {
      const result = await db(path, ['copy'], { PASSGATE_DB_COPY_TO: target });
      expect(result).toEqual({
        code: 1,
        out: '',
        err: `passgate db copy: refused: ${path} is open in another process (a running portal, or another passgate command); stop the portal first`,
      });
    } finally {
      await running.close();
    }
    expect(await db(target, ['check'])).toMatchObject({
      code: 1,
      out: expect.stringContaining('schema    none'),
    });
  });

  it('refuses a database whose portal was killed a moment ago (live leases), saying until when', async () => {
    const now = Date.now();
    const lease = await stoppedDatabase(async (store) => {
      await store.db
        .insertInto('scheduler_leases')
        .values({ name: 'account-sweep', holder: 'h', lease_until: now + 60_000 })
        .execute();
    });
    const job = await stoppedDatabase(async (store) => {
      const user = await store.db.selectFrom('users').select(['id', 'email']).executeTakeFirstOrThrow();
      await store.db
        .insertInto('outbox_jobs')
        .values({
          id: 'job-1',
          user_id: user.id,
          seq: 1,
          kind: 'set_password',
          tenant: 'contoso',
          upn: user.email,
          payload: Buffer.from('sealed'),
          status: 'running',
          attempts: 1,
          next_attempt_at: now,
          lease_until: now + 30_000,
          last_error: null,
          correlation_id: 'c-1',
          enable_account: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
    const target = await createPostgresDatabase('leased_target');
    const until = (ms: number) => new Date(ms).toISOString();
    expect((await db(lease, ['copy'], { PASSGATE_DB_COPY_TO: target })).err).toBe(
      `passgate db copy: refused: the scheduler lease is held until ${until(now + 60_000)}: a portal is using this database; stop the portal first (one that was killed rather than stopped lets go at ${until(now + 60_000)})`,
    );
    const refused = await db(job, ['copy'], { PASSGATE_DB_COPY_TO: target });
    expect(refused).toMatchObject({
      code: 1,
      err: expect.stringContaining(`1 sync job(s) are running (leased until ${until(now + 30_000)})`),
    });
    expect(await db(target, ['check'])).toMatchObject({
      code: 1,
      out: expect.stringContaining('schema    none'),
    });
  });
});

/** A migrated SQLite database with one portal-only user, closed; `prepare` adds rows first. */
async function stoppedDatabase(
  prepare?: (store: Awaited<ReturnType<typeof openStore>>) => Promise<void>,
): Promise<string> {
  const path = freshPath('stopped');
  const store = await openStore(path);
  await addUser(
    store.db,
    { email: `sam@${PORTAL_ONLY_DOMAIN}`, displayName: null, password: 'Granite-Willow-24!' },
    new Date(),
  );
  await prepare?.(store);
  await store.close();
  return path;
}

/** The sealed payloads of the outbox, by job id, as bytes. */
async function payloads(database: string): Promise<Map<string, string>> {
  const store = await openStore(database, { migrate: false });
  try {
    const rows = await store.db.selectFrom('outbox_jobs').select(['id', 'payload']).execute();
    return new Map(rows.map((row) => [row.id, Buffer.from(row.payload ?? new Uint8Array()).toString('hex')]));
  } finally {
    await store.close();
  }
}
