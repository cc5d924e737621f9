/**
 * How long a wrong password takes to be refused, for an address with an account, one whose new password
 * is still waiting for Microsoft 365 (a pending hash), and one with no account: at /signin, /change and
 * /account/signin, over real HTTP against `passgate serve` in its own process.
 *
 *   npm run bench:refusal-timing -- [tries=40] [runs=3]
 *
 * Each try is one form GET (CSRF token, not timed) and one timed POST with a wrong password. The three
 * kinds of address take turns in a shuffled order within each try, so whatever else runs on the machine
 * weighs on all alike. Every POST comes from its own client address (X-Forwarded-For, trustProxy on),
 * so no proof of work is asked; the per-account windows are opened wide, and each address is tried
 * once per door per run (9 times in all by default, under the lockout's 10).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, openStore } from '@passgate/portal';
import { startM365Emulator } from '@passgate/test/m365-emulator';
import { buildPortal } from '../../test/support/build-portal.js';
import { addEmulatedTenant } from '../../test/support/emulated-tenant.js';
import { freePort } from '../../test/support/free-port.js';
import { startPortalProcess } from '../../test/support/portal-process.js';
import { TEST_SECRET_KEY } from '../../test/support/start-portal.js';
import { percentile } from '../portal/measure.js';

const args = process.argv.slice(2);
const tries = Number(args[0] ?? 40);
const runs = Number(args[1] ?? 3);
const OLD = 'Harbour-Lantern-73!';
const WRONG = 'Not-The-Password-42!';
const DOORS = [
  { name: '/signin', page: '/signin', action: '/signin' },
  { name: '/change', page: '/change', action: '/change' },
  { name: '/account/signin', page: '/account', action: '/account/signin' },
] as const;
const KINDS = ['unknown', 'known', 'pending'] as const;
type Kind = (typeof KINDS)[number];

let nextAddress = 0;
/** A client address no request has used yet: 10.x.y.z. */
function freshAddress(): string {
  nextAddress += 1;
  return `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** One wrong password at `door` for `email`, from a fresh client address: the POST's milliseconds. */
async function refusal(url: string, door: (typeof DOORS)[number], email: string): Promise<number> {
  const headers = { 'x-forwarded-for': freshAddress() };
  const page = await fetch(`${url}${door.page}`, { headers });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (token === undefined) throw new Error(`GET ${door.page} gave no CSRF token (status ${page.status})`);
  const fields: Record<string, string> = { _csrf: token, email, currentPassword: WRONG };
  if (door.name === '/change')
    Object.assign(fields, { newPassword: 'Fresh-Granite-19?', confirmPassword: 'Fresh-Granite-19?' });
  const t0 = performance.now();
  const response = await fetch(`${url}${door.action}`, {
    method: 'POST',
    headers: { ...headers, cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  await response.text();
  const ms = performance.now() - t0;
  // 401 is INVALID_CREDENTIALS: anything else (a lock, a limit, a proof of work asked) is not what is timed.
  if (response.status !== 401) throw new Error(`POST ${door.action} for ${email}: status ${response.status}`);
  return ms;
}

/** A change for `email` that Microsoft 365 answers 503 with a long Retry-After: its hash stays pending. */
async function leavePending(url: string, email: string, i: number): Promise<void> {
  const headers = { 'x-forwarded-for': freshAddress() };
  const page = await fetch(`${url}/change`, { headers });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const next = `Pending-Willow-${i}-Path!`;
  const response = await fetch(`${url}/change`, {
    method: 'POST',
    headers: { ...headers, cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: token,
      email,
      currentPassword: OLD,
      newPassword: next,
      confirmPassword: next,
    }),
    redirect: 'manual',
  });
  await response.text();
  if (response.status !== 303) throw new Error(`the pending change for ${email} answered ${response.status}`);
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${percentile(sorted, 50).toFixed(1)} ms, p90 ${percentile(sorted, 90).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const emulator = await startM365Emulator();
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
  const dir = await mkdtemp(join(tmpdir(), 'passgate-bench-refusal-'));
  const database = join(dir, 'passgate.sqlite');
  const addresses: Record<Kind, string[]> = {
    unknown: Array.from({ length: tries }, (_, i) => `nobody${i}@contoso.example`),
    known: Array.from({ length: tries }, (_, i) => `known${i}@contoso.example`),
    pending: Array.from({ length: tries }, (_, i) => `pending${i}@contoso.example`),
  };
  const seed = await openStore(database);
  for (const email of [...addresses.known, ...addresses.pending]) {
    await addUser(seed.db, { email, password: OLD }, new Date());
    emulator.addUser(tenant.tenantId, { userPrincipalName: email, password: OLD });
  }
  await seed.close();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configPath = join(dir, 'passgate.json');
  await writeFile(
    configPath,
    JSON.stringify({
      publicUrl: url,
      port,
      database,
      secretKey: TEST_SECRET_KEY,
      trustProxy: true,
      log: { level: 'warn' },
      tenants: [{ name: 'contoso', domains: ['contoso.example'], graph: tenant.graph }],
      rateLimits: { perAddress: { max: 1_000_000 }, perAccount: { max: 1000 } },
      sync: { changeWaitMs: 200 },
    }),
  );
  await buildPortal(); // the portal runs as the built `passgate` command, as an admin runs it
  const portal = await startPortalProcess(configPath, {}, url);
  try {
    // Microsoft 365 answers every write 503 (Retry-After an hour): every change stays pending.
    emulator.injectFaults({
      kind: 'status',
      status: 503,
      count: 1_000_000,
      retryAfterSeconds: 3600,
      pathPrefix: '/v1.0/users',
    });
    for (const [i, email] of addresses.pending.entries()) await leavePending(url, email, i);

    const ms = new Map<string, number[]>();
    for (let run = 1; run <= runs; run += 1) {
      for (let i = 0; i < tries; i += 1) {
        for (const door of shuffled(DOORS)) {
          for (const kind of shuffled(KINDS)) {
            const key = `${run} ${door.name} ${kind}`;
            const list = ms.get(key) ?? [];
            list.push(await refusal(url, door, addresses[kind][i] ?? ''));
            ms.set(key, list);
          }
        }
      }
    }
    console.log(`wrong password refused, ${tries} tries per kind, door and run (POST only)`);
    for (const door of DOORS) {
      for (let run = 1; run <= runs; run += 1) {
        for (const kind of KINDS) {
          console.log(
            `${door.name.padEnd(16)} run ${run}  ${kind.padEnd(8)} ${summary(ms.get(`${run} ${door.name} ${kind}`) ?? [])}`,
          );
        }
      }
    }
  } finally {
    await portal.stop();
    await emulator.close();
  }
  const check = await openStore(database);
  const pending = await check.db.selectFrom('pending_passwords').select('user_id').execute();
  await check.close();
  await rm(dir, { recursive: true, force: true });
  console.log(`pending hashes at the end: ${pending.length} (expected ${tries})`);
}

await main();
