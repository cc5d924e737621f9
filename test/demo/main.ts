import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  addUser,
  createLogger,
  loadConfigFile,
  openPortal,
  runCli,
  sendActivation,
  startServer,
} from '@passgate/portal';
import { startM365Emulator } from '@passgate/test/m365-emulator';
import { AUDIT_LOG_PERMISSIONS, addEmulatedTenant } from '../support/emulated-tenant.js';
import { prepareDemoFolder } from './demo-folder.js';
import { demoPassword } from './demo-password.js';
import { type SeededSecurityInfo, seedSecurityInfo } from './seed-security-info.js';

const DEFAULT_DATA = join('.passgate', 'demo');

const DEMO_USERS = [
  { email: 'adele.vance@contoso.example', displayName: 'Adele Vance', inTenant: true },
  { email: 'alex.wilber@contoso.example', displayName: 'Alex Wilber', inTenant: true },
  { email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', inTenant: true },
  {
    email: 'diego.siciliani@contoso.example',
    displayName: 'Diego Siciliani (imported, not activated yet)',
    inTenant: true,
    pending: true,
  },
  {
    email: 'nestor.wilke@contoso.example',
    displayName: 'Nestor Wilke',
    inTenant: true,
    personalEmail: 'nestor.wilke@home.example',
  },
  {
    email: 'pat.local@portal-only.example',
    displayName: 'Pat Local (no Microsoft 365 tenant)',
    inTenant: false,
  },
];

/** Who the emulator's identity provider offers on its "Sign in as" page, and what the console makes of them. */
const DEMO_CONSOLE_PEOPLE = [
  { email: 'alex.wilber@contoso.example', name: 'Alex Wilber', role: 'admin (by e-mail)' },
  {
    email: 'megan.bowen@contoso.example',
    name: 'Megan Bowen',
    groups: ['contoso-helpdesk'],
    role: 'helpdesk (by the group contoso-helpdesk)',
  },
  { email: 'adele.vance@contoso.example', name: 'Adele Vance', role: 'neither: refused ("not an admin")' },
];

/**
 * `npm start`: with --config FILE, the real portal (`passgate serve`); without, a demo with the local
 * Microsoft 365 emulator standing in for a tenant, a fresh SQLite database and seeded users.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string', default: '8787' },
      data: { type: 'string', default: DEFAULT_DATA },
    },
    strict: true,
  });
  if (values.config !== undefined) {
    process.exitCode = await runCli(['serve', '--config', values.config], {
      env: process.env,
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      stdin: process.stdin,
    });
    return;
  }
  // Before anything starts: a folder the demo may not clear ends the demo with one line (exit code 2).
  const folder = resolve(values.data);
  const prepared = await prepareDemoFolder(folder, { isDefault: folder === resolve(DEFAULT_DATA) });
  if (!prepared.ok) {
    process.stderr.write(`passgate demo: ${prepared.message}\n`);
    process.exitCode = 2;
    return;
  }
  const port = Number(values.port);
  const emulator = await startM365Emulator();
  // With the audit log permission, drift reports say who changed a password and how.
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example', AUDIT_LOG_PERMISSIONS);
  // The console's identity provider: the emulator's demo OIDC provider, with people of the demo tenant.
  emulator.oidc.setPeople(DEMO_CONSOLE_PEOPLE);
  const oidcClient = emulator.oidc.addClient({ redirectUris: [`http://localhost:${port}/admin/callback`] });
  // Written to a file so that `passgate users … --config` in another terminal works on the same
  // database and emulated tenant. Demo only: a real config keeps secrets in the environment.
  const configPath = join(folder, 'config.json');
  await writeFile(
    configPath,
    JSON.stringify(
      {
        publicUrl: `http://localhost:${port}`,
        host: '127.0.0.1',
        port,
        database: 'passgate.sqlite',
        // A fresh random key per run: nothing sealed by the demo outlives it.
        secretKey: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'),
        policy: { historyCount: 3, maxAgeDays: 90 },
        tenants: [{ name: 'contoso', domains: ['contoso.example'], graph: tenant.graph }],
        organisation: {
          name: 'Contoso (demo)',
          supportText: 'This is a demo: Microsoft 365 is emulated on this machine.',
        },
        mailDir: 'mail',
        // The seeded person registered their methods on the password alone: without this they would
        // wait a day (recovery.newMethodCoolingOffHours) before a reset could use them.
        recovery: { newMethodCoolingOffHours: 0 },
        scheduler: { intervalSeconds: 10 },
        // Every 20 s rather than hourly, so a password changed in the emulator shows up while you watch.
        drift: { intervalSeconds: 20 },
        alerts: { adminEmails: ['it-security@contoso.example'] },
        admin: {
          oidc: {
            issuer: emulator.oidc.issuer,
            clientId: oidcClient.clientId,
            clientSecret: oidcClient.clientSecret,
            caCertificates: emulator.caCertificatePem,
          },
          admins: ['alex.wilber@contoso.example'],
          helpdesk: ['group:contoso-helpdesk'],
        },
        demo: true,
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  const config = await loadConfigFile(configPath, {});
  // The mail folder is the demo's mailbox: seeding reads the code mailed to a personal address there.
  const written = new Map<string, string>();
  const portal = await openPortal(config, {
    logger: createLogger({ level: 'error' }),
    onMailWritten: (mail) => {
      written.set(mail.to, mail.file);
      process.stdout.write(
        `\nMail to ${mail.to}: "${mail.subject}" (${mail.file})\n${mail.links.map((l) => `  ${l}\n`).join('')}`,
      );
    },
  });
  const writtenMail = async (to: string): Promise<string> => {
    for (let waited = 0; waited < 20_000; waited += 25) {
      const file = written.get(to);
      if (file !== undefined) return file;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no mail to ${to} was written`);
  };
  let securityInfo: (SeededSecurityInfo & { email: string }) | null = null;
  const seeded: { email: string; password: string; inTenant: boolean }[] = [];
  for (const user of DEMO_USERS) {
    if ('pending' in user) {
      await addUser(
        portal.store.db,
        { email: user.email, displayName: user.displayName, password: null },
        new Date(),
        'demo',
      );
      emulator.addUser(tenant.tenantId, {
        userPrincipalName: user.email,
        displayName: user.displayName,
        mail: user.email,
        accountEnabled: false,
      });
      await sendActivation(portal.adminDeps, user.email, new Date(), { type: 'admin', id: 'demo' });
      continue;
    }
    const password = demoPassword(config.policy, {
      email: user.email,
      username: user.email.split('@')[0] ?? '',
      displayName: user.displayName,
      tenantName: 'contoso',
    });
    const userId = await addUser(
      portal.store.db,
      { email: user.email, displayName: user.displayName, password },
      new Date(),
      'demo',
    );
    const personalEmail = 'personalEmail' in user ? user.personalEmail : undefined;
    if (personalEmail !== undefined) {
      const seeded = await seedSecurityInfo(
        portal,
        { id: userId, email: user.email, display_name: user.displayName },
        personalEmail,
        writtenMail,
      );
      securityInfo = { ...seeded, email: user.email };
    }
    if (user.inTenant)
      emulator.addUser(tenant.tenantId, {
        userPrincipalName: user.email,
        displayName: user.displayName,
        mail: user.email,
        password,
      });
    seeded.push({ email: user.email, password, inTenant: user.inTenant });
  }
  // The first look at the seeded users now (a tenant's first round otherwise waits one interval), so
  // a change made in the emulator from here on is reported at the next round.
  await portal.scheduler.sweepDriftNow();
  const server = await startServer(portal);
  // With --port 0 the port is known only now: register that callback too.
  emulator.oidc.addClient({
    ...oidcClient,
    redirectUris: [
      `http://localhost:${port}/admin/callback`,
      `http://localhost:${server.port}/admin/callback`,
    ],
  });
  const caPath = join(folder, 'emulator-ca.pem');
  await writeFile(caPath, emulator.caCertificatePem);
  const lines = [
    '',
    'Passgate demo: Microsoft 365 is EMULATED here (a local test double, not Microsoft).',
    '',
    `  Portal:                http://localhost:${server.port}/change`,
    `  Emulated Microsoft 365: ${emulator.origin}/_emulator/  (status page; check a password there)`,
    `  Emulator CA:            ${caPath}  (import it to avoid the certificate warning)`,
    `  Emulated tenant id:     ${tenant.tenantId}`,
    '',
    `Admin console:           http://localhost:${server.port}/admin  (sign in at the emulator's "Sign in as" page)`,
    ...DEMO_CONSOLE_PEOPLE.map((person) => `  ${person.email.padEnd(32)} ${person.role}`),
    '',
    'Demo users (passwords are shown once, now):',
    ...seeded.map((u) => `  ${u.email.padEnd(32)} ${u.password}${u.inTenant ? '' : '   (portal only)'}`),
    '',
    `  ${'diego.siciliani@contoso.example'.padEnd(32)} (pending activation: its welcome link is printed in this terminal)`,
    '',
    'Change a password at the portal, then look it up on the emulator status page.',
    '',
    'Expired, suspended, forgotten — try the ways back in (in another terminal, after this build):',
    `  1. npx passgate users expire adele.vance@contoso.example --config ${configPath}`,
    '     → the emulator status page shows Adele blocked (accountEnabled false)',
    `  2. sign in at http://localhost:${server.port}/signin with her old password; set a new one`,
    '     → the emulator shows her enabled again with the new password (one PATCH: see its request log)',
    `  3. forgot it? http://localhost:${server.port}/reset : she registered no other way, so "Send a link to my`,
    `     work mailbox": the link is printed here (mail goes to ${portal.mailDir})`,
    '',
    ...(securityInfo === null
      ? []
      : [
          `Security info: sign in at http://localhost:${server.port}/account as ${securityInfo.email}; it asks for a second factor.`,
          `  personal address:   ${securityInfo.personalEmail} (its codes are written to ${portal.mailDir})`,
          `  authenticator key:  ${securityInfo.authenticatorKey} (add it to any authenticator app, or:)`,
          `  current code:       echo ${securityInfo.authenticatorKey} | npm run -s demo:totp`,
          `  forgot it? http://localhost:${server.port}/reset proves either of those, then a new password (or an unlock).`,
        ]),
    `  Also: users suspend|unsuspend|unlock|send-activation <email>, users show <email> (same --config).`,
    '',
    "Drift: a password changed in Microsoft 365 behind the portal's back (checked every 20 s here):",
    `  1. npm run drift -w test -- --config ${configPath} megan.bowen@contoso.example admin-center`,
    '     → plays an admin resetting it in the Microsoft 365 admin center (other doors: self-service-reset,',
    '       self-service-change, other-app); the new password is random and never shown',
    '  2. within 20 s the alert mail to it-security@contoso.example is printed here, and',
    `     npx passgate users show megan.bowen@contoso.example --config ${configPath}`,
    '     shows the drift line: when, how ("Reset password (by admin)") and by whom (helpdesk@contoso.example)',
    'Stop with Ctrl+C. Run for real with: npm start -- --config passgate.yaml (see docs/admin.md).',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const stop = async (): Promise<void> => {
    await server.close();
    await portal.close();
    await emulator.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`passgate demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
