import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { PasswordDoor } from '@passgate/test/m365-emulator';
import { changePasswordElsewhere } from '../support/change-password-elsewhere.js';

const DOORS: readonly PasswordDoor[] = [
  'admin-center',
  'self-service-reset',
  'self-service-change',
  'other-app',
];

interface DemoConfig {
  tenants: { graph: { tenantId: string; cloud: { graphBaseUrl: string }; caCertificates: string } }[];
}

/**
 * Changes a demo user's password in the emulated Microsoft 365 through one of Microsoft's other doors
 * (the admin center by default), with a random password nobody sees: the demo's drift detection then
 * finds it. Reads the emulator's address, tenant and CA from the demo's config file.
 */
export async function causeDrift(
  configPath: string,
  email: string,
  door: PasswordDoor = 'admin-center',
): Promise<{ lastPasswordChangeDateTime: string; activities: string[] }> {
  const config = JSON.parse(await readFile(configPath, 'utf8')) as DemoConfig;
  const graph = config.tenants[0]?.graph;
  if (graph === undefined) throw new Error(`${configPath}: no tenant (is it the demo's config.json?)`);
  const [, domain = 'contoso.example'] = email.split('@');
  const password = `Drift-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex').toUpperCase()}!`;
  return changePasswordElsewhere(
    { origin: graph.cloud.graphBaseUrl, caCertificatePem: graph.caCertificates },
    graph.tenantId,
    email,
    {
      door,
      password,
      ...(door === 'admin-center' ? { by: `helpdesk@${domain}` } : {}),
      ...(door === 'other-app' ? { app: { displayName: 'HR sync script' } } : {}),
    },
  );
}

/** `npm run drift -w test -- --config FILE EMAIL [admin-center|self-service-reset|self-service-change|other-app]` */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { config: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [email, door = 'admin-center'] = positionals;
  if (values.config === undefined || email === undefined || !DOORS.includes(door as PasswordDoor))
    throw new Error(`expected: --config FILE EMAIL [${DOORS.join('|')}]`);
  const result = await causeDrift(values.config, email, door as PasswordDoor);
  process.stdout.write(
    `${email}: password changed through "${door}" at ${result.lastPasswordChangeDateTime} (logged: ${result.activities.join(', ')}); the portal reports it at its next drift sweep.\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((error: unknown) => {
    process.stderr.write(`drift: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
