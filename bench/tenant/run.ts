/**
 * `passgate users import --tenant` against the Microsoft 365 emulator holding a large tenant: wall time,
 * Graph requests made, and the peak memory of the `passgate` process (run as its own process, as an admin
 * runs it, so the emulator's own memory is not counted).
 *
 *   npm run bench:tenant [-- 50000] [-- --database postgres://…]
 *
 * (The script runs `tsc -b` first: the command measured is the built one, portal/dist/cli/main.js.)
 *
 * The tenant mixes members with the accounts an import must skip: guests, users synced from on-premises,
 * blocked accounts, another domain. The import runs twice: the first creates (with welcome mails), the
 * second must create nothing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { AUDIT_LOG_PERMISSIONS, PASSGATE_APP_PERMISSIONS } from '../../test/support/emulated-tenant.js';
import { productionNodeFlags } from './production-node-flags.js';
import { benchDriftSweep } from './sweep.js';

const args = process.argv.slice(2);
const users = Number(args.find((a) => /^\d+$/.test(a)) ?? 50_000);
const databaseArg = args[args.indexOf('--database') + 1];
const database = args.includes('--database') ? databaseArg : undefined;
const SECRET_KEY = randomBytes(32).toString('hex');
const root = fileURLToPath(new URL('../..', import.meta.url));

interface ImportRun {
  ms: number;
  maxRssMiB: number;
  exitCode: number;
  counts: Record<string, unknown>;
  graphRequests: number;
  pages: number;
}

// Loaded into the passgate process: at exit it reports that process's peak RSS (KiB on Linux) on stderr.
const REPORT_MAX_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('bench-max-rss-kib '+process.resourceUsage().maxRSS+'\\n'))`;

/** Runs the built `passgate` command in its own Node process, as an admin would. */
function passgate(
  cliArgs: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; rssKiB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', REPORT_MAX_RSS, join(root, 'portal/dist/cli/main.js'), ...cliArgs],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /bench-max-rss-kib (\d+)/.exec(err);
      if (code !== 0) process.stderr.write(err);
      resolve({ code: code ?? 1, out: Buffer.concat(out).toString('utf8'), rssKiB: Number(rss?.[1] ?? 0) });
    });
  });
}

function seedTenant(emulator: M365Emulator, tenantId: string): Record<string, number> {
  const mix = { guest: 0, synced: 0, disabled: 0, otherDomain: 0, member: 0 };
  for (let i = 0; i < users; i++) {
    // 1 in 50 of each kind to skip; the rest are members to import.
    const kind = i % 50;
    if (kind === 1) {
      emulator.addUser(tenantId, {
        userPrincipalName: `g${i}_fabrikam.example#EXT#@contoso.onmicrosoft.com`,
      });
      mix.guest++;
    } else if (kind === 2) {
      emulator.addUser(tenantId, {
        userPrincipalName: `ad${i}@contoso.example`,
        onPremisesSyncEnabled: true,
      });
      mix.synced++;
    } else if (kind === 3) {
      emulator.addUser(tenantId, { userPrincipalName: `left${i}@contoso.example`, accountEnabled: false });
      mix.disabled++;
    } else if (kind === 4) {
      emulator.addUser(tenantId, { userPrincipalName: `x${i}@other.example` });
      mix.otherDomain++;
    } else {
      emulator.addUser(tenantId, {
        userPrincipalName: `user${i}@contoso.example`,
        displayName: `User ${i}`,
        mail: `user${i}@contoso.example`,
      });
      mix.member++;
    }
  }
  return mix;
}

async function main(): Promise<void> {
  const emulator = await startM365Emulator();
  const { id: tenantId } = emulator.addTenant({
    name: 'Contoso',
    domains: [{ name: 'contoso.example' }, { name: 'other.example' }, { name: 'contoso.onmicrosoft.com' }],
  });
  const app = emulator.addApp(tenantId, {
    permissions: [...PASSGATE_APP_PERMISSIONS, ...AUDIT_LOG_PERMISSIONS],
    directoryRoles: ['User Administrator'],
  });
  const dir = await mkdtemp(join(tmpdir(), 'passgate-bench-tenant-'));
  try {
    const mix = seedTenant(emulator, tenantId);
    const graph = {
      tenantId,
      clientId: app.clientId,
      cloud: emulator.cloud,
      caCertificates: emulator.caCertificatePem,
    };
    const config = join(dir, 'passgate.yaml');
    await writeFile(
      config,
      `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database ?? join(dir, 'passgate.sqlite'))}\nlog: { level: warn }\ntenants:\n  - name: contoso\n    domains: [contoso.example]\n    graph: ${JSON.stringify(graph)}\n`,
    );
    const env = {
      PASSGATE_SECRET_KEY: SECRET_KEY,
      PASSGATE_TENANT_CONTOSO_CLIENT_SECRET: app.clientSecret ?? '',
    };
    const idle = await passgate(['--help'], env);

    const importOnce = async (extra: string[]): Promise<ImportRun> => {
      const before = emulator.requests().length;
      const started = performance.now();
      const run = await passgate(
        ['users', 'import', '--tenant', 'contoso', '--json', '--config', config, ...extra],
        env,
      );
      const ms = performance.now() - started;
      const requests = emulator.requests().slice(before);
      const report = JSON.parse(run.out) as { counts: Record<string, unknown> };
      return {
        ms,
        maxRssMiB: run.rssKiB / 1024,
        exitCode: run.code,
        counts: report.counts,
        graphRequests: requests.filter((r) => r.path.startsWith('/v1.0/')).length,
        pages: requests.filter((r) => r.path.startsWith('/v1.0/users?')).length,
      };
    };
    const first = await importOnce(['--send-activation']);
    const again = await importOnce(['--send-activation']);

    console.log(
      `tenant:     ${users.toLocaleString('en-GB')} users (${Object.entries(mix)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
    console.log(`database:   ${database === undefined ? 'SQLite' : 'PostgreSQL'}`);
    for (const [label, run] of [
      ['first import', first],
      ['second import', again],
    ] as const) {
      console.log(
        `${label.padEnd(14)} ${(run.ms / 1000).toFixed(1)} s, exit ${run.exitCode}; Graph requests ${run.graphRequests} (${run.pages} pages of users); peak RSS ${run.maxRssMiB.toFixed(0)} MiB; ${JSON.stringify(run.counts)}`,
      );
    }
    console.log(`baseline:      peak RSS of \`passgate --help\` ${(idle.rssKiB / 1024).toFixed(0)} MiB`);

    // ── Drift sweep over the imported users: a first look, then 100 passwords changed behind the portal's back.
    const sweep = await benchDriftSweep({
      emulator,
      tenantId,
      config: {
        publicUrl: 'https://passwords.contoso.example',
        database: database ?? join(dir, 'passgate.sqlite'),
        secretKey: SECRET_KEY,
        tenants: [
          {
            name: 'contoso',
            domains: ['contoso.example'],
            graph: { ...graph, clientSecret: app.clientSecret ?? '' },
          },
        ],
      },
    });
    console.log(
      `sweep process: node ${productionNodeFlags().join(' ') || '(no flags)'}, as deploy/systemd/passgate.service`,
    );
    for (const [label, run] of [
      ['sweep (first)', sweep.firstLook],
      ['sweep', sweep],
    ] as const) {
      console.log(
        `${label.padEnd(14)} ${(run.ms / 1000).toFixed(1)} s; Graph requests ${run.graphRequests}; peak RSS ${run.peakRssMb.toFixed(0)} MiB (${run.baseRssMb.toFixed(0)} MiB loaded); ${run.users} users judged, ${run.drifts} drifts`,
      );
    }
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
