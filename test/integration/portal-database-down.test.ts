import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formClient } from '../support/browser-like.js';
import { findPostgresBin, type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { submitChange } from '../support/submit-change.js';
import { waitUntil } from '../support/wait-until.js';

// What a person and a load balancer see while the portal's database is down or locked: 503 with
// Retry-After and words to come back in a few minutes (not the 500 of a bug), and the pages again once
// it is back. PostgreSQL really stops (its own cluster, not the run's shared one); SQLite stays locked
// by another connection past busy_timeout.

const UNAVAILABLE = 'The portal is temporarily unavailable';

/** pg_ctl on the cluster behind `baseUrl`, as the user that owns it (initdb and pg_ctl refuse root). */
function pgCtl(bin: string, args: string[]): void {
  const [file, argv] =
    process.getuid?.() === 0
      ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args]]
      : [join(bin, 'pg_ctl'), args];
  execFileSync(file, argv, { stdio: 'pipe' });
}

/** Where the cluster keeps its data and how it was started, read from the server itself. */
async function serverSettings(baseUrl: string): Promise<{ data: string; options: string }> {
  const client = new pg.Client({ connectionString: `${baseUrl}/postgres` });
  await client.connect();
  try {
    const show = async (name: string): Promise<string> =>
      String((await client.query(`show ${name}`)).rows[0]?.[name] ?? '');
    const data = await show('data_directory');
    const options = [
      `-p ${await show('port')}`,
      `-k ${await show('unix_socket_directories')}`,
      `-c listen_addresses=${await show('listen_addresses')}`,
      '-c fsync=off',
    ].join(' ');
    return { data, options };
  } finally {
    await client.end();
  }
}

async function createDatabase(baseUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: `${baseUrl}/postgres` });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return `${baseUrl}/${name}`;
}

const bin = findPostgresBin();

describe.skipIf(bin === null)('a page request while PostgreSQL is down', () => {
  let cluster: PostgresCluster | undefined;
  let portal: TestPortal | undefined;
  let settings = { data: '', options: '' };

  beforeAll(async () => {
    cluster = await startPostgresCluster(bin ?? '');
    settings = await serverSettings(cluster.baseUrl);
    // With the sync worker polling: a connection it holds between two statements of a transaction when
    // the server shuts down used to raise an error nothing listened for, which ended the process.
    portal = await startTestPortal({
      database: { existing: await createDatabase(cluster.baseUrl, 'passgate') },
    });
  });
  afterAll(async () => {
    await portal?.close();
    cluster?.stop();
  });

  it('answers 503 with Retry-After and words to come back later, and 200 again once it is back', async () => {
    if (portal === undefined || cluster === undefined) throw new Error('no portal');
    const { url } = portal;
    const [user] = portal.users;
    if (user === undefined) throw new Error('no user');
    const person = formClient(url);
    expect((await person.get('/change')).status).toBe(200);

    // A fast shutdown, as a restart or a failover does it: open connections are ended, new ones refused.
    pgCtl(bin ?? '', ['-D', settings.data, '-m', 'fast', '-w', 'stop']);
    try {
      const posted = await person.post('/change', {
        email: user.email,
        currentPassword: user.password,
        newPassword: 'Quartz-Lagoon-Ferry-62',
        confirmPassword: 'Quartz-Lagoon-Ferry-62',
      });
      expect(posted.status).toBe(503);
      expect(posted.html).toContain(UNAVAILABLE);
      expect(posted.html).toContain('Try again in a few minutes.');

      const page = await fetch(`${url}/change`);
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('120');
      expect(await page.text()).toContain(UNAVAILABLE);

      const logged = portal.logs.filter((line) => line.includes('the database is unreachable'));
      expect(logged.length).toBeGreaterThanOrEqual(2);
      const all = portal.logs.join('');
      expect(all).not.toContain('unhandled error');
      // The cluster's password (in its URL) never reaches a log line.
      const password = new URL(cluster.baseUrl).password;
      expect(all).not.toContain(password);
    } finally {
      pgCtl(bin ?? '', [
        '-D',
        settings.data,
        '-o',
        settings.options,
        '-l',
        join(dirname(settings.data), 'server.log'),
        '-w',
        'start',
      ]);
    }

    // The pool opens new connections by itself: no restart of the portal.
    await waitUntil(async () => (await fetch(`${url}/change`)).status === 200, 30_000);
    const changed = await submitChange(url, {
      email: user.email,
      currentPassword: user.password,
      newPassword: 'Quartz-Lagoon-Ferry-62',
    });
    // 200 applied in Microsoft 365 already, 202 queued: either way the change was accepted.
    expect([200, 202]).toContain(changed.status);
  });
});

describe('a page request while SQLite stays locked', () => {
  let portal: TestPortal | undefined;

  beforeAll(async () => {
    // No sync worker: a worker waiting for the lock holds the event loop for busy_timeout on each poll.
    portal = await startTestPortal({ database: 'sqlite', startWorker: false });
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('answers a write that outwaits busy_timeout with 503, and the change goes through once the lock is gone', async () => {
    if (portal === undefined) throw new Error('no portal');
    const [user] = portal.users;
    if (user === undefined) throw new Error('no user');
    const person = formClient(portal.url);
    expect((await person.get('/change')).status).toBe(200);
    // Another process holds the write lock (a stuck `sqlite3` shell, a copy tool) for longer than the
    // portal waits (busy_timeout, 5 s).
    const holder = new SQLite(portal.databasePath);
    try {
      holder.exec('begin immediate');
      const posted = await person.post('/change', {
        email: user.email,
        currentPassword: user.password,
        newPassword: 'Quartz-Lagoon-Ferry-62',
        confirmPassword: 'Quartz-Lagoon-Ferry-62',
      });
      expect(posted.status).toBe(503);
      expect(posted.html).toContain(UNAVAILABLE);
      const busy = portal.logs.filter((line) => line.includes('the database is busy'));
      expect(busy).toHaveLength(1);
      expect(busy[0]).toContain('"sign":"SQLITE_BUSY"');
      expect(portal.logs.join('')).not.toContain('unhandled error');
    } finally {
      if (holder.inTransaction) holder.exec('rollback');
      holder.close();
    }
    const changed = await submitChange(portal.url, {
      email: user.email,
      currentPassword: user.password,
      newPassword: 'Quartz-Lagoon-Ferry-62',
    });
    expect([200, 202]).toContain(changed.status);
  });
});
