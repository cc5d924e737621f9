import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, openStore, type Store } from '@passgate/portal';
import { type EmulatorRequest, type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliInProcess } from '../support/cli-in-process.js';
import { PASSGATE_APP_PERMISSIONS } from '../support/emulated-tenant.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';
import { createPostgresDatabase, type TestDialect, testDialects } from '../support/test-database.js';

// Issue 12, part 1: `passgate users import` reads a tenant of 5,000 users through Graph (six pages of
// 999) and creates pending_activation users for the members of the portal's domains, never touching an
// existing user; and the same from a CSV file. Runs on SQLite and PostgreSQL.

interface ReportJson {
  dryRun: boolean;
  /** No Passgate database yet: a dry run compared with no one. */
  newInstall: boolean;
  complete: boolean;
  error: { code: string; message: string } | null;
  counts: {
    read: number;
    created: number;
    alreadyPresent: number;
    skipped: number;
    skippedByReason: Record<string, number>;
    activationMailsQueued: number;
  };
  created: { address: string; displayName: string | null; line?: number; id?: string }[];
  alreadyPresent: { address: string }[];
  skipped: { address: string; reason: string; detail: string | null; line?: number }[];
}

const MEMBERS = 4_025;
const PRESENT = 75; // of the members, already in the portal before the import
const SALES = 100;
const EXPECTED_SKIPS = {
  guest: 100,
  synced_from_on_premises: 200,
  disabled: 250,
  outside_domains: 300,
  invalid_address: 5,
  conflict: 20,
};
const TOTAL = MEMBERS + SALES + Object.values(EXPECTED_SKIPS).reduce((a, b) => a + b, 0);

let emulator: M365Emulator;
let elsewhere: M365Emulator;
let dir: string;
const graphs: Record<string, { tenantId: string; graph: Record<string, unknown>; secret: string }> = {};

function addTenant(name: string, domains: string[]): string {
  const { id: tenantId } = emulator.addTenant({ name, domains: domains.map((d) => ({ name: d })) });
  const app = emulator.addApp(tenantId, {
    permissions: PASSGATE_APP_PERMISSIONS,
    directoryRoles: ['User Administrator'],
  });
  graphs[name.toLowerCase()] = {
    tenantId,
    graph: {
      tenantId,
      clientId: app.clientId,
      cloud: emulator.cloud,
      // The second CA lets the client reach `elsewhere` at all: only the link check keeps it away.
      caCertificates: `${emulator.caCertificatePem}\n${elsewhere.caCertificatePem}`,
    },
    secret: app.clientSecret ?? '',
  };
  return tenantId;
}

beforeAll(async () => {
  [emulator, elsewhere] = await Promise.all([startM365Emulator(), startM365Emulator()]);
  dir = await mkdtemp(join(tmpdir(), 'passgate-import-'));
  const contoso = addTenant('Contoso', [
    'contoso.example',
    'sales.contoso.example',
    'other.example',
    'contoso.onmicrosoft.com',
  ]);
  const add = (input: Parameters<M365Emulator['addUser']>[1]) => emulator.addUser(contoso, input);
  for (let i = 0; i < MEMBERS; i++)
    add({
      userPrincipalName: `user${i}@contoso.example`,
      displayName: `User ${i}`,
      mail: `user${i}@contoso.example`,
    });
  for (let i = 0; i < SALES; i++) add({ userPrincipalName: `rep${i}@sales.contoso.example` });
  for (let i = 0; i < 90; i++)
    add({ userPrincipalName: `g${i}_fabrikam.example#EXT#@contoso.onmicrosoft.com` });
  for (let i = 0; i < 10; i++) add({ userPrincipalName: `visitor${i}@contoso.example`, userType: 'Guest' });
  for (let i = 0; i < 200; i++)
    add({ userPrincipalName: `ad${i}@contoso.example`, onPremisesSyncEnabled: true });
  for (let i = 0; i < 250; i++) add({ userPrincipalName: `left${i}@contoso.example`, accountEnabled: false });
  for (let i = 0; i < 300; i++) add({ userPrincipalName: `x${i}@other.example` });
  for (let i = 0; i < 5; i++) add({ userPrincipalName: `bad!${i}@contoso.example` });
  // People the portal already knows under their mail address: a second account would be a conflict.
  for (let i = 0; i < 20; i++)
    add({ userPrincipalName: `mx${i}@contoso.example`, mail: `m${i}@sales.contoso.example` });

  const fabrikam = addTenant('Fabrikam', ['fabrikam.example']);
  for (let i = 0; i < 1_200; i++) emulator.addUser(fabrikam, { userPrincipalName: `f${i}@fabrikam.example` });
});
afterAll(async () => {
  await Promise.all([emulator?.close(), elsewhere?.close()]);
  await rm(dir, { recursive: true, force: true });
});

function listPages(before: number): EmulatorRequest[] {
  return emulator
    .requests()
    .slice(before)
    .filter((r) => r.method === 'GET' && r.path.startsWith('/v1.0/users?'));
}

describe.each(testDialects())('passgate users import (%s)', (dialect: TestDialect) => {
  let config: string;
  let env: Record<string, string>;
  let store: Store;

  const cli = (args: string[]): Promise<CliResult> => cliInProcess([...args, '--config', config], env);
  const json = async (args: string[]): Promise<ReportJson & { code: number; err: string }> => {
    const result = await cli([...args, '--json']);
    // Welcome links are as good as a password until used: they go by mail only, never to the admin's screen.
    expect(`${result.out}${result.err}`).not.toMatch(/token=|activate\?/);
    return { ...(JSON.parse(result.out) as ReportJson), code: result.code, err: result.err };
  };
  const count = async (table: 'users' | 'mail_queue' | 'audit_events' | 'link_tokens'): Promise<number> =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const snapshot = async (): Promise<number[]> =>
    Promise.all([count('users'), count('mail_queue'), count('audit_events'), count('link_tokens')]);

  beforeAll(async () => {
    const database =
      dialect === 'postgres' ? await createPostgresDatabase('import') : join(dir, `${dialect}.sqlite`);
    config = join(dir, `${dialect}.yaml`);
    const tenant = (name: string, domains: string[]) =>
      `  - name: ${name}\n    domains: [${domains.join(', ')}]\n    graph: ${JSON.stringify(graphs[name]?.graph)}\n`;
    await writeFile(
      config,
      `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\ntenants:\n${tenant('contoso', ['contoso.example', 'sales.contoso.example'])}${tenant('fabrikam', ['fabrikam.example'])}`,
    );
    env = {
      PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
      PASSGATE_TENANT_CONTOSO_CLIENT_SECRET: graphs.contoso?.secret ?? '',
      PASSGATE_TENANT_FABRIKAM_CLIENT_SECRET: graphs.fabrikam?.secret ?? '',
    };
    store = await openStore(database, { poolSize: 2 });
    const now = new Date();
    for (let i = 0; i < PRESENT; i++)
      await addUser(
        store.db,
        { email: `user${i}@contoso.example`, displayName: 'Kept As Is', password: null },
        now,
      );
    for (let i = 0; i < 20; i++)
      await addUser(store.db, { email: `m${i}@sales.contoso.example`, password: null }, now);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('dry run: reports what it would do, counting each skip reason, and writes nothing', async () => {
    const before = await snapshot();
    const requestsBefore = emulator.requests().length;
    const report = await json(['users', 'import', '--tenant', 'contoso', '--dry-run', '--send-activation']);
    expect(report.code).toBe(0);
    expect(report).toMatchObject({ dryRun: true, complete: true, error: null });
    expect(report.counts).toEqual({
      read: TOTAL,
      created: MEMBERS - PRESENT + SALES,
      alreadyPresent: PRESENT,
      skipped: TOTAL - MEMBERS - SALES,
      skippedByReason: EXPECTED_SKIPS,
      activationMailsQueued: 0,
    });
    expect(await snapshot()).toEqual(before);
    // Six pages of at most 999, the first asking for them.
    const pages = listPages(requestsBefore);
    expect(pages).toHaveLength(Math.ceil(TOTAL / 999));
    expect(pages[0]?.path).toContain('$top=999');
  });

  it('creates pending_activation users with welcome mails, leaves existing ones alone, and says why each was skipped', async () => {
    const [usersBefore] = await snapshot();
    const report = await json(['users', 'import', '--tenant', 'contoso', '--send-activation']);
    expect(report.code).toBe(0);
    expect(report.err).toBe('');
    const created = MEMBERS - PRESENT + SALES;
    expect(report.counts).toMatchObject({
      created,
      alreadyPresent: PRESENT,
      skippedByReason: EXPECTED_SKIPS,
      activationMailsQueued: created,
    });
    expect(await count('users')).toBe((usersBefore ?? 0) + created);
    const statuses = await store.db
      .selectFrom('users')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([
      ['pending_activation', created + PRESENT + 20],
    ]);
    const imported = await store.db
      .selectFrom('users')
      .select(['email', 'display_name'])
      .where('email', 'in', [
        'user100@contoso.example',
        'user0@contoso.example',
        'rep7@sales.contoso.example',
      ])
      .orderBy('email')
      .execute();
    expect(imported).toEqual([
      { email: 'rep7@sales.contoso.example', display_name: null },
      { email: 'user0@contoso.example', display_name: 'Kept As Is' }, // already present: untouched
      { email: 'user100@contoso.example', display_name: 'User 100' },
    ]);
    // One welcome mail per created user, to them, and to nobody else.
    const mails = await store.db.selectFrom('mail_queue').select(['to_address', 'kind', 'status']).execute();
    expect(mails).toHaveLength(created);
    expect(new Set(mails.map((m) => m.to_address))).toEqual(new Set(report.created.map((c) => c.address)));
    expect(mails.every((m) => m.kind === 'activation' && m.status === 'queued')).toBe(true);
    const links = await store.db.selectFrom('link_tokens').select(['purpose', 'used_at']).execute();
    expect(links).toHaveLength(created);
    expect(links.every((l) => l.purpose === 'activation' && l.used_at === null)).toBe(true);
    // The words an admin needs, per skipped address.
    const skipped = new Map(report.skipped.map((s) => [s.address, s]));
    expect(skipped.get('ad3@contoso.example')).toMatchObject({ reason: 'synced_from_on_premises' });
    expect(skipped.get('g1_fabrikam.example#ext#@contoso.onmicrosoft.com')).toMatchObject({
      reason: 'guest',
    });
    expect(skipped.get('visitor1@contoso.example')).toMatchObject({
      reason: 'guest',
      detail: 'userType Guest',
    });
    expect(skipped.get('x1@other.example')).toMatchObject({
      reason: 'outside_domains',
      detail: 'domain other.example',
    });
    expect(skipped.get('mx3@contoso.example')?.detail).toContain('m3@sales.contoso.example');
  });

  it('run again, it creates nothing and sends nothing; the text report says so', async () => {
    const before = await snapshot();
    const again = await cli(['users', 'import', '--tenant', 'contoso', '--send-activation']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/created\s+0 +as pending_activation/);
    expect(again.out).toMatch(new RegExp(`already present\\s+${(MEMBERS + SALES).toLocaleString('en-GB')}`));
    expect(again.out).toMatch(
      /synced_from_on_premises\s+200\s+synced from on-premises Active Directory: Graph cannot set their password; manage it on-premises/,
    );
    expect(again.out).toContain('present\tuser5@contoso.example\t');
    expect(await snapshot()).toEqual(before);
  });

  it('with --domain, imports that domain only and counts the rest as outside it', async () => {
    const report = await json([
      'users',
      'import',
      '--tenant',
      'Contoso',
      '--domain',
      'sales.contoso.example',
      '--dry-run',
    ]);
    expect(report.counts).toMatchObject({ created: 0, alreadyPresent: SALES });
    // Guests stay guests (the first reason that applies); every other account of contoso.example is outside.
    expect(report.counts.skippedByReason).toMatchObject({
      guest: 100,
      outside_domains: 300 + MEMBERS + 200 + 250 + 5 + 20,
    });
    const wrong = await cli(['users', 'import', '--tenant', 'contoso', '--domain', 'fabrikam.example']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('fabrikam.example is not a domain of tenant contoso');
    expect((await cli(['users', 'import', '--tenant', 'nobody'])).err).toContain(
      'configured: contoso, fabrikam',
    );
    expect((await cli(['users', 'import', '--tenant', 'contoso', '--csv', 'x.csv'])).code).toBe(2);
  });

  it('waits out Microsoft 365 throttling (429 with Retry-After) and finishes', async () => {
    emulator.injectFaults({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      count: 1,
      pathPrefix: '/v1.0/users',
    });
    const requestsBefore = emulator.requests().length;
    const report = await json(['users', 'import', '--tenant', 'contoso', '--dry-run']);
    expect(report).toMatchObject({ code: 0, complete: true });
    expect(report.counts.read).toBe(TOTAL);
    // The admin sees why the command paused.
    expect(report.err).toContain('"msg":"graph call retrying"');
    expect(report.err).toContain('"waitMs":1000');
    const [throttled, retried] = listPages(requestsBefore);
    expect([throttled?.status, retried?.status]).toEqual([429, 200]);
    expect(retried?.path).toBe(throttled?.path);
    expect((retried?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('refuses a nextLink off the Graph root, keeps what it did, and a re-run finishes the job', async () => {
    emulator.injectFaults({
      kind: 'nextLink',
      nextLink: `${elsewhere.origin}/v1.0/users?$skiptoken=x`,
      count: 1,
      pathPrefix: '/v1.0/users',
    });
    const stopped = await json(['users', 'import', '--tenant', 'fabrikam']);
    expect(stopped.code).toBe(1);
    expect(stopped).toMatchObject({ complete: false, error: { code: 'LINK_OUTSIDE_GRAPH' } });
    expect(stopped.counts).toMatchObject({ read: 999, created: 999 });
    expect(stopped.err).toContain('stopped part-way: LINK_OUTSIDE_GRAPH');
    expect(elsewhere.requests()).toEqual([]); // the token never left for the other host
    const rest = await json(['users', 'import', '--tenant', 'fabrikam']);
    expect(rest).toMatchObject({ code: 0, complete: true });
    expect(rest.counts).toMatchObject({ read: 1_200, created: 201, alreadyPresent: 999 });
  });

  it('imports a CSV file: quoted names, a case-only duplicate as a conflict, portal-only addresses', async () => {
    const file = join(dir, `${dialect}-people.csv`);
    await writeFile(
      file,
      [
        'email,name',
        'csv1@contoso.example,CSV One',
        '"csv2@contoso.example","Doe, Jane ""JD"""',
        'CSV1@Contoso.example,Shouting',
        'user9@contoso.example,Already Here',
        'zoë@elsewhere.example,Zoë',
        'someone@elsewhere.example,Zoë Ďurková',
        '',
      ].join('\r\n'),
    );
    const bad = await cli(['users', 'import', '--csv', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${file}:6: "zoë@elsewhere.example" is not an e-mail address`);
    await writeFile(
      file,
      [
        'email,name',
        'csv1@contoso.example,CSV One',
        '"csv2@contoso.example","Doe, Jane ""JD"""',
        'CSV1@Contoso.example,Shouting',
        'user9@contoso.example,Already Here',
        'someone@elsewhere.example,Zoë Ďurková',
      ].join('\r\n'),
    );
    const mailsBefore = await count('mail_queue');
    const report = await json(['users', 'import', '--csv', file, '--send-activation']);
    expect(report.code).toBe(0);
    expect(report.created).toEqual([
      { address: 'csv1@contoso.example', displayName: 'CSV One', line: 2 },
      { address: 'csv2@contoso.example', displayName: 'Doe, Jane "JD"', line: 3 },
      { address: 'someone@elsewhere.example', displayName: 'Zoë Ďurková', line: 6 },
    ]);
    expect(report.alreadyPresent).toEqual([
      { address: 'user9@contoso.example', displayName: 'Already Here', line: 5 },
    ]);
    expect(report.skipped).toEqual([
      {
        address: 'csv1@contoso.example',
        reason: 'conflict',
        detail: 'the same address as line 2 (csv1@contoso.example), ignoring case',
        line: 4,
      },
    ]);
    expect(await count('mail_queue')).toBe(mailsBefore + 3);
    const again = await json(['users', 'import', '--csv', file]);
    expect(again.counts).toMatchObject({ created: 0, alreadyPresent: 4 });
  });

  it('dry run on a new install: checks a CSV against no one, says so, and creates no database', async () => {
    const file = join(dir, `${dialect}-first.csv`);
    await writeFile(file, 'email,name\nuser0@contoso.example,User Zero\nfirst@contoso.example,First\n');
    const folder = join(dir, `${dialect}-new-install`);
    await mkdir(folder);
    // On PostgreSQL a new install's database is one made empty for Passgate (createdb).
    const database =
      dialect === 'postgres' ? await createPostgresDatabase('import_new') : join(folder, 'passgate.sqlite');
    const newConfig = join(dir, `${dialect}-new-install.yaml`);
    await writeFile(
      newConfig,
      `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
    );
    const dryRun = (json: string[]): Promise<CliResult> =>
      cliInProcess(['users', 'import', '--csv', file, '--dry-run', ...json, '--config', newConfig], env);
    const report = JSON.parse((await dryRun(['--json'])).out) as ReportJson;
    expect(report).toMatchObject({ dryRun: true, newInstall: true, complete: true, error: null });
    expect(report.counts).toMatchObject({ read: 2, created: 2, alreadyPresent: 0, skipped: 0 });
    const text = await dryRun([]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('\nNew install: there is no Passgate database at ');
    // Against the configured database, where user0 is already present, the same file is no new install.
    const existing = await json(['users', 'import', '--csv', file, '--dry-run']);
    expect(existing).toMatchObject({ newInstall: false, counts: { created: 1, alreadyPresent: 1 } });
    // Nothing was made: no file (nor -wal, -shm), no table.
    expect(await readdir(folder)).toEqual([]);
    if (dialect === 'postgres') {
      const client = new pg.Client({ connectionString: database });
      await client.connect();
      try {
        const { rows } = await client.query(
          "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
        );
        expect(rows).toEqual([{ n: 0 }]);
      } finally {
        await client.end();
      }
    }
  });

  // Another application's database is no new install: the dry run refuses it as the import would, before
  // anything is written (no Passgate table beside its own, no change to its file).
  it('dry run on another application’s database: refused as the import is, and nothing written', async () => {
    const file = join(dir, `${dialect}-foreign.csv`);
    await writeFile(file, 'email,name\nfirst@contoso.example,First\n');
    const folder = join(dir, `${dialect}-foreign`);
    await mkdir(folder);
    let database = join(folder, 'orders.sqlite');
    let tables: () => Promise<unknown>;
    if (dialect === 'postgres') {
      database = await createPostgresDatabase('import_foreign');
      const client = new pg.Client({ connectionString: database });
      await client.connect();
      await client.query('create table orders (id int primary key)');
      await client.end();
      tables = async () => {
        const reader = new pg.Client({ connectionString: database });
        await reader.connect();
        try {
          return (
            await reader.query(
              "select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
            )
          ).rows;
        } finally {
          await reader.end();
        }
      };
    } else {
      const made = new SQLite(database);
      made.exec('create table orders (id integer primary key)');
      made.close();
      tables = async () => ({ files: await readdir(folder), bytes: await readFile(database) });
    }
    const foreignConfig = join(dir, `${dialect}-foreign.yaml`);
    await writeFile(
      foreignConfig,
      `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
    );
    const before = await tables();
    const result = await cliInProcess(
      ['users', 'import', '--csv', file, '--dry-run', '--json', '--config', foreignConfig],
      env,
    );
    expect(result).toMatchObject({ code: 78, out: '' });
    expect(result.err).toContain('is not a Passgate database (it has tables orders');
    expect(await tables()).toEqual(before);
  });

  it('refuses a CSV file with bad rows, naming each line, and writes nothing', async () => {
    const file = join(dir, `${dialect}-bad.csv`);
    await writeFile(
      file,
      'email,name\nnew1@contoso.example,New One\nnot-an-address,Two\nnew3@contoso.example,Three\nnew4@contoso.example,Four,Extra\n',
    );
    const before = await snapshot();
    const result = await cli(['users', 'import', '--csv', file, '--send-activation']);
    expect(result.code).toBe(1);
    expect(result.err.split('\n')).toEqual([
      `${file}:3: "not-an-address" is not an e-mail address the portal can sign in with`,
      `${file}:5: expected 2 fields (email,name), found 3: a name with a comma must be in double quotes`,
      `2 bad row(s) in ${file}: nothing was imported; fix them and run the import again`,
    ]);
    expect(result.out).toBe('');
    expect(await snapshot()).toEqual(before);
  });
});
