/**
 * One drift sweep over a tenant of N emulated users: time, Graph requests, peak memory. The sweep
 * streams users 999 at a time and must stay under 150 MB RSS at 50,000 users.
 *
 *   npm run build && node --import tsx --conditions=@passgate/source bench/tenant/sweep.ts [users=50000] [drifts=100]
 *
 * The sweep runs in a child process on the built portal (sweep-child.mjs), so its memory is measured
 * alone, as a production process's would be, and with the Node flags the shipped systemd unit starts
 * `passgate serve` with (production-node-flags.ts).
 * Run by hand it builds its own tenant (every user's password last set by Passgate's app this week, so
 * the audit log holds one record per user) and portal store. bench/tenant/run.ts calls benchDriftSweep()
 * on the users it imported.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore, type PortalConfigInput } from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { AUDIT_LOG_PERMISSIONS, addEmulatedTenant } from '../../test/support/emulated-tenant.js';
import { productionNodeFlags } from './production-node-flags.js';

export interface SweepFigures {
  ms: number;
  /** Requests Microsoft 365 received (token, user pages, audit pages). */
  graphRequests: number;
  /** The sweeping process's peak resident memory (a process of its own, on the built portal). */
  peakRssMb: number;
  /** Its resident memory once loaded, before the sweep began: what the sweep itself added is the rest. */
  baseRssMb: number;
  /** Highest V8 heap in use and reserved, and memory outside the heap (buffers), during the sweep. */
  peak: { heapUsedMb: number; heapTotalMb: number; externalMb: number };
  /** Portal users judged; drifts found. */
  users: number;
  drifts: number;
}

export interface DriftSweepBench extends SweepFigures {
  /** The first sweep over the tenant: a first look at every user (one watch row each). */
  firstLook: SweepFigures;
}

export interface BenchDriftSweepInput {
  emulator: M365Emulator;
  /** The emulated tenant's id. */
  tenantId: string;
  /** The portal config the users were imported with: its database and tenants (graph secrets inline). */
  config: PortalConfigInput;
  /** Passwords to change through the admin-center door before the measured sweep (default 100). */
  drifts?: number;
  /** Make pending_activation users active first, as if they had activated (default true): only active
   * users are judged, so without it the sweep reads every page and judges nobody. */
  activate?: boolean;
}

async function sweepOnce(emulator: M365Emulator, config: PortalConfigInput): Promise<SweepFigures> {
  const before = emulator.requests().length;
  // Plain node on the built portal with the Node flags production's unit sets: no TypeScript loader
  // inflating the figure, and no flag production would not run with.
  // BENCH_SWEEP_NODE_ARGS: extra Node flags for the sweep process, to look inside it (--trace-gc, --heap-prof).
  const nodeArgs = [
    ...productionNodeFlags(),
    ...(process.env.BENCH_SWEEP_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
  ];
  const child = spawn(process.execPath, [...nodeArgs, resolve(import.meta.dirname, 'sweep-child.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stdin.end(JSON.stringify(config));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`the sweep process exited with ${code}`);
  // The figures are the last line; anything before it is from the Node flags above (--trace-gc prints there).
  const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
  const result = JSON.parse(lines.pop() ?? '') as SweepFigures;
  if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  const mb = (value: number): number => Math.round(value * 10) / 10;
  return {
    ms: Math.round(result.ms),
    graphRequests: emulator.requests().length - before,
    peakRssMb: mb(result.peakRssMb),
    baseRssMb: mb(result.baseRssMb),
    peak: {
      heapUsedMb: mb(result.peak.heapUsedMb),
      heapTotalMb: mb(result.peak.heapTotalMb),
      externalMb: mb(result.peak.externalMb),
    },
    users: result.users,
    drifts: result.drifts,
  };
}

/**
 * Given an emulator with users already imported into a portal store, runs a first sweep (the first look
 * at every user), changes `drifts` passwords behind the portal's back, and measures the next sweep.
 */
export async function benchDriftSweep(input: BenchDriftSweepInput): Promise<DriftSweepBench> {
  const { emulator, config } = input;
  if (input.activate ?? true) {
    const store = await openStore(String(config.database));
    await store.db
      .updateTable('users')
      .set({ status: 'active' })
      .where('status', '=', 'pending_activation')
      .execute();
    await store.close();
  }
  const firstLook = await sweepOnce(emulator, config);
  const store = await openStore(String(config.database));
  const users = await store.db
    .selectFrom('users')
    .select('email')
    .where('status', '=', 'active')
    .limit(input.drifts ?? 100)
    .execute();
  await store.close();
  for (const { email } of users)
    emulator.changePasswordElsewhere(input.tenantId, email, {
      door: 'admin-center',
      by: 'helpdesk@contoso.example',
      password: `Drift-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex').toUpperCase()}!`,
    });
  const measured = await sweepOnce(emulator, config);
  return { ...measured, firstLook };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 50_000);
  const drifts = Number(process.argv[3] ?? 100);
  const emulator = await startM365Emulator();
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example', AUDIT_LOG_PERMISSIONS);
  const dir = await mkdtemp(join(tmpdir(), 'passgate-bench-tenant-'));
  const database = join(dir, 'passgate.sqlite');
  const store = await openStore(database);
  const now = Date.now();
  const rows = [];
  for (let i = 0; i < count; i++) {
    const email = `user${i}@contoso.example`;
    emulator.addUser(tenant.tenantId, { userPrincipalName: email, password: 'Harbour-Lantern-73!' });
    // This week Passgate's own app set every password: the audit log holds one record per user.
    emulator.changePasswordElsewhere(tenant.tenantId, email, {
      door: 'other-app',
      app: { appId: tenant.graph.clientId, displayName: 'Passgate' },
      password: 'Copper-Meadow-58?',
    });
    rows.push({
      id: randomUUID(),
      email,
      display_name: null,
      password_hash: '',
      status: 'pending_activation' as const,
      password_changed_at: now,
      user_changed_at: null,
      created_at: now,
      last_synced_at: null,
      last_sync_error: null,
    });
  }
  for (let i = 0; i < rows.length; i += 500)
    await store.db
      .insertInto('users')
      .values(rows.slice(i, i + 500))
      .execute();
  await store.close();
  const config: PortalConfigInput = {
    publicUrl: 'https://passwords.contoso.example',
    database,
    secretKey: randomBytes(32).toString('hex'),
    tenants: [{ name: 'contoso', domains: ['contoso.example'], graph: tenant.graph }],
  };
  const result = await benchDriftSweep({ emulator, tenantId: tenant.tenantId, config, drifts });
  const line = (label: string, f: SweepFigures): string =>
    `${label.padEnd(22)} ${f.ms} ms, ${f.graphRequests} Graph requests, peak RSS ${f.peakRssMb} MB (${f.baseRssMb} MB loaded; heap ${f.peak.heapUsedMb} MB used of ${f.peak.heapTotalMb} MB, ${f.peak.externalMb} MB outside it), ${f.users} users judged, ${f.drifts} drifts`;
  console.log(
    `tenant:                ${count} users, ${emulator.directoryAudits(tenant.tenantId).length} audit records kept`,
  );
  console.log(
    `node flags:            ${productionNodeFlags().join(' ') || 'none'} (deploy/systemd/passgate.service)`,
  );
  console.log(line('first sweep (look):', result.firstLook));
  console.log(line('next sweep:', result));
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
