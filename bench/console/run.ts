/**
 * The admin console's lists at size: 100,000 users and 1,000,000 audit rows in SQLite. Times the queries
 * the users list (search, filters, a page of 500) and the overview run, and prints p50/p95 per case.
 * Issue 11's budget: users list p95 ≤ 100 ms, overview p95 ≤ 200 ms.
 *
 *   npm run bench:console [-- users=100000] [-- audit=1000000] [-- runs=40]
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, parseConfig, readOverview, searchUsers } from '@passgate/portal';
import { TEST_SECRET_KEY } from '../../test/support/start-portal.js';

function arg(name: string, fallback: number): number {
  const found = process.argv.find((a) => a.startsWith(`${name}=`));
  return found === undefined ? fallback : Number(found.slice(name.length + 1));
}

const USERS = arg('users', 100_000);
const AUDIT = arg('audit', 1_000_000);
const RUNS = arg('runs', 40);
const BATCH = 500;
const FIRST = [
  'ann',
  'ben',
  'carla',
  'dev',
  'eva',
  'finn',
  'gus',
  'hana',
  'ivo',
  'jade',
  'kai',
  'lena',
  'mo',
  'nia',
];
const LAST = ['smith', 'jones', 'garcia', 'kim', 'novak', 'silva', 'okafor', 'berg', 'rossi', 'tanaka'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function time(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await work(); // warm the page cache and the statement cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const dir = await mkdtemp(join(tmpdir(), 'passgate-bench-console-'));
const path = join(dir, 'passgate.sqlite');
const config = parseConfig(
  {
    publicUrl: 'https://passwords.example.org',
    database: path,
    secretKey: TEST_SECRET_KEY,
    tenants: [
      {
        name: 'contoso',
        domains: ['contoso.example'],
        graph: {
          tenantId: '00000000-0000-4000-8000-000000000001',
          clientId: '00000000-0000-4000-8000-000000000002',
          clientSecret: 'bench-not-used',
        },
      },
    ],
  },
  {},
);
const store = await openStore(path, { poolSize: 1 });
const { db } = store;
const now = Date.now();
try {
  const seedStart = performance.now();
  const ids: string[] = [];
  for (let start = 0; start < USERS; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(USERS, start + BATCH); i++) {
      const first = FIRST[i % FIRST.length] as string;
      const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
      const roll = i % 100;
      const status =
        roll < 90 ? 'active' : roll < 94 ? 'expired' : roll < 96 ? 'suspended' : 'pending_activation';
      const id = randomUUID();
      ids.push(id);
      rows.push({
        id,
        email: `${first}.${last}${i}@${i % 10 === 0 ? 'fabrikam.example' : 'contoso.example'}`,
        display_name: `${first[0]?.toUpperCase()}${first.slice(1)} ${last[0]?.toUpperCase()}${last.slice(1)}`,
        password_hash: status === 'pending_activation' ? '' : '$argon2id$v=19$m=19456,t=2,p=1$bench$bench',
        status: status as 'active',
        password_changed_at: now - (i % 365) * 86_400_000,
        user_changed_at: null,
        created_at: now - 400 * 86_400_000,
        last_synced_at: now - (i % 30) * 86_400_000,
        // One in 500 has a sync error: the failed filter's partial index lists only them.
        last_sync_error:
          i % 500 === 0 ? 'FORBIDDEN: Insufficient privileges to complete the operation.' : null,
      });
    }
    await db.insertInto('users').values(rows).execute();
  }
  // One in a hundred locked.
  for (let start = 0; start < USERS; start += BATCH * 100) {
    const rows = [];
    for (let i = start; i < Math.min(USERS, start + BATCH * 100); i += 100)
      rows.push({
        key: `lock:${FIRST[i % FIRST.length]}.${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i}@${i % 10 === 0 ? 'fabrikam.example' : 'contoso.example'}`,
        count: 10,
        window_start: now,
        locked_until: now + 600_000,
      });
    await db.insertInto('counters').values(rows).execute();
  }
  // Sync history: a done job for one user in ten, a few queued and failed.
  for (let start = 0; start < USERS; start += BATCH * 10) {
    const rows = [];
    for (let i = start; i < Math.min(USERS, start + BATCH * 10); i += 10) {
      const status = i % 1000 === 0 ? 'failed' : i % 700 === 0 ? 'queued' : 'done';
      rows.push({
        id: randomUUID(),
        user_id: ids[i] as string,
        seq: 1,
        kind: 'set_password' as const,
        tenant: 'contoso',
        upn: `u${i}@contoso.example`,
        payload: null,
        status: status as 'done',
        attempts: 1,
        next_attempt_at: now,
        lease_until: null,
        last_error: status === 'done' ? null : 'THROTTLED: Too many requests',
        correlation_id: randomUUID(),
        enable_account: 0,
        created_at: now - i,
        updated_at: now,
      });
    }
    await db.insertInto('outbox_jobs').values(rows).execute();
  }
  const types = [
    'user_login_attempt',
    'user_password_change',
    'user_update_provision',
    'user_password_reset_request',
    'user_unlocked',
  ];
  for (let start = 0; start < AUDIT; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(AUDIT, start + BATCH); i++) {
      const u = i % USERS;
      const at = new Date(now - (AUDIT - i) * 1000).toISOString();
      const event = {
        id: randomUUID(),
        event_type: types[i % types.length],
        timestamp: at,
        resource: { type: 'user', id: ids[u], username: `user${u}@contoso.example` },
        changes: [{ field: 'password' }],
        initiated_by:
          i % 50 === 0
            ? { type: 'admin', id: 'sub-1', email: 'it@contoso.example' }
            : { type: 'user', id: ids[u], email: `user${u}@contoso.example` },
        client_ip: '192.0.2.1',
        useragent: 'Mozilla/5.0',
        success: true,
        error_message: null,
        correlation: { id: randomUUID() },
      };
      rows.push({
        id: event.id,
        event_type: event.event_type as string,
        timestamp: at,
        user_id: ids[u] as string,
        username: event.resource.username,
        success: 1,
        body: JSON.stringify(event),
      });
    }
    await db.insertInto('audit_events').values(rows).execute();
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const size = (await stat(path)).size + (await stat(`${path}-wal`).catch(() => ({ size: 0 }))).size;
  console.log(
    `seeded ${USERS.toLocaleString('en')} users and ${AUDIT.toLocaleString('en')} audit rows in ${seedSeconds.toFixed(0)} s (${(size / 2 ** 20).toFixed(0)} MiB)`,
  );
  console.log(
    `machine: ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${RUNS} runs per case`,
  );

  const at = Date.now();
  const cases: [string, () => Promise<unknown>, number][] = [
    ['users: first page of 500', () => searchUsers(db, config, {}, at), 100],
    [
      'users: a page in the middle',
      () => searchUsers(db, config, { after: 'kai.novak50000@contoso.example' }, at),
      100,
    ],
    ['users: search "lena" (name or e-mail prefix)', () => searchUsers(db, config, { q: 'lena' }, at), 100],
    ['users: search "ann.smith1" (narrow)', () => searchUsers(db, config, { q: 'ann.smith1' }, at), 100],
    ['users: state suspended', () => searchUsers(db, config, { state: 'suspended' }, at), 100],
    ['users: state locked', () => searchUsers(db, config, { state: 'locked' }, at), 100],
    ['users: sync failed', () => searchUsers(db, config, { sync: 'failed' }, at), 100],
    ['users: sync waiting', () => searchUsers(db, config, { sync: 'waiting' }, at), 100],
    [
      'users: tenant contoso, state expired',
      () => searchUsers(db, config, { tenant: 'contoso', state: 'expired' }, at),
      100,
    ],
    ['overview', () => readOverview(db, config, at), 200],
  ];
  let over = 0;
  for (const [name, work, budget] of cases) {
    const { p50, p95 } = await time(RUNS, work);
    const verdict = p95 <= budget ? 'ok' : 'OVER BUDGET';
    if (p95 > budget) over++;
    console.log(
      `${name.padEnd(48)} p50 ${p50.toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  (budget ${budget} ms: ${verdict})`,
    );
  }
  process.exitCode = over === 0 ? 0 : 1;
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
