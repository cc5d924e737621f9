import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import { causeDrift } from '../demo/cause-drift.js';
import { signInAdmin } from '../support/admin-sign-in.js';
import { formClient } from '../support/browser-like.js';
import { freePort } from '../support/free-port.js';
import { type PortalProcess, startSourceProcess } from '../support/portal-process.js';
import { runCliProcess } from '../support/run-cli-process.js';
import { submitChange } from '../support/submit-change.js';
import { waitUntil } from '../support/wait-until.js';

let demo: PortalProcess | undefined;
let dir = '';
afterAll(async () => {
  await demo?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end();
  });
}

function postJson(url: string, body: unknown, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('npm start (the demo)', () => {
  it('lets a demo user change their password, get back in after the CLI expires them, and shows drift', async () => {
    dir = await mkdtemp(join(tmpdir(), 'passgate-demo-'));
    const port = await freePort();
    demo = await startSourceProcess(
      'test/demo/main.ts',
      ['--port', String(port), '--data', dir],
      {},
      `http://127.0.0.1:${port}`,
    );
    // The banner is written once everything is up, a moment after the server first answers.
    await waitUntil(() => demo?.output.join('').includes('Stop with Ctrl+C.') ?? false, 60_000);
    const printed = demo.output.join('');
    const [, email, password] = /^\s+(adele\.vance@contoso\.example)\s+(\S+)$/m.exec(printed) ?? [];
    const emulatorOrigin = /Emulated Microsoft 365: (https:\/\/\S+)\/_emulator\//.exec(printed)?.[1];
    const tenantId = /Emulated tenant id:\s+(\S+)/.exec(printed)?.[1];
    const caPath = /Emulator CA:\s+(\S+)/.exec(printed)?.[1];
    if (!email || !password || !emulatorOrigin || !tenantId || !caPath)
      throw new Error(`unexpected demo output:\n${printed}`);

    const page = await (await fetch(`http://localhost:${port}/change`)).text();
    expect(page).toMatch(/emulated/i);
    const result = await submitChange(`http://localhost:${port}`, {
      email,
      currentPassword: password,
      newPassword: 'Tidal-Compass-Ridge-88!',
    });
    expect(result.status).toBe(200);

    const ca = await readFile(caPath, 'utf8');

    // Issue 11's demo: the console, signed in at the emulator's identity provider as the printed admin.
    const consoleUrl = /Admin console:\s+(http:\/\/\S+)\/admin\s/.exec(printed)?.[1];
    const admin = /^\s+(\S+@contoso\.example)\s+admin \(by e-mail\)$/m.exec(printed)?.[1];
    if (!consoleUrl || !admin) throw new Error(`the demo printed no console or admin:\n${printed}`);
    const idp = { caCertificatePem: ca, oidc: { issuer: `${emulatorOrigin}/oidc` } };
    const adminBrowser = await signInAdmin(consoleUrl, idp, admin);
    expect((await adminBrowser.get('/admin')).html).toContain('role admin');
    const check = (candidate: string) =>
      postJson(
        `${emulatorOrigin}/_emulator/api/tenants/${tenantId}/users/${email}/verify-password`,
        { password: candidate },
        ca,
      );
    expect(await check('Tidal-Compass-Ridge-88!')).toMatchObject({ matches: true });
    expect(await check(password)).toMatchObject({ matches: false });

    // Issue 6's demo: expire her from the CLI in "another terminal", watch the emulator block her,
    // sign in with the (expired) password, set a new one, and she is enabled with it.
    const configPath = /--config (\S+config\.json)/.exec(printed)?.[1];
    if (!configPath) throw new Error(`the demo printed no CLI config path:\n${printed}`);
    const expire = await runCliProcess(['users', 'expire', email, '--config', configPath], {});
    expect(expire).toMatchObject({ code: 0 });
    const enabled = async () =>
      (
        (await getJson(`${emulatorOrigin}/_emulator/api/tenants/${tenantId}/users/${email}`, ca)) as {
          accountEnabled: boolean;
        }
      ).accountEnabled;
    await waitUntil(async () => (await enabled()) === false);
    const browser = formClient(`http://localhost:${port}`);
    await browser.get('/signin');
    const signIn = await browser.post('/signin', { email, currentPassword: 'Tidal-Compass-Ridge-88!' });
    expect(signIn).toMatchObject({ status: 303, location: '/signin/new-password' });
    expect((await browser.get('/signin/new-password')).status).toBe(200);
    const set = await browser.post('/signin/new-password', {
      newPassword: 'Lichen-Harbor-Violet-46!',
      confirmPassword: 'Lichen-Harbor-Violet-46!',
    });
    expect(set).toMatchObject({ status: 303, location: '/signin/done' });
    expect((await browser.get('/signin/done')).status).toBe(200);
    expect(await check('Lichen-Harbor-Violet-46!')).toMatchObject({ matches: true });
    expect(await enabled()).toBe(true);
    // The activation mail of the pending demo user was written and its link printed.
    await waitUntil(() => /\/activate\?token=/.test(demo?.output.join('') ?? ''));

    // Issue 12's demo: the printed way to change a password behind the portal's back, then see it reported.
    const driftLine = /npm run drift -w test -- --config (\S+) (\S+) admin-center/.exec(demo.output.join(''));
    expect(driftLine?.[1]).toBe(configPath);
    const megan = driftLine?.[2] ?? '';
    await causeDrift(configPath, megan, 'admin-center');
    await waitUntil(
      () =>
        /Mail to it-security@contoso\.example: .*changed in Microsoft 365/.test(demo?.output.join('') ?? ''),
      60_000,
    );
    const show = await runCliProcess(['users', 'show', megan, '--config', configPath], {});
    expect(show.out).toMatch(
      /drift: +changed in Microsoft 365 \S+ "Reset password \(by admin\)" by helpdesk@contoso\.example/,
    );
  }, 180_000);

  it('seeds a person with security info, and prints the key and how to get the current code', async () => {
    const printed = demo?.output.join('') ?? '';
    const [, email] = /Security info: sign in at \S+\/account as (\S+);/.exec(printed) ?? [];
    const key = /authenticator key:\s+([A-Z2-7]{32})/.exec(printed)?.[1];
    const password = new RegExp(`^\\s+${(email ?? '').replaceAll('.', '\\.')}\\s+(\\S+)$`, 'm').exec(
      printed,
    )?.[1];
    if (!email || !key || !password) throw new Error(`unexpected demo output:\n${printed}`);
    expect(printed).toContain(`echo ${key} | npm run -s demo:totp`);
    const port = /Portal:\s+http:\/\/localhost:(\d+)\/change/.exec(printed)?.[1];
    const browser = formClient(`http://localhost:${port}`);
    await browser.get('/account');
    expect(await browser.post('/account/signin', { email, currentPassword: password })).toMatchObject({
      status: 303,
      location: '/account/verify',
    });
    await browser.get('/account/verify');
    const code = TOTP.generate({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
    expect(await browser.post('/account/verify', { factor: 'totp', code })).toMatchObject({ status: 303 });
    const page = await browser.get('/account');
    expect(page.html).toContain('nestor.wilke@home.example');
    expect(page.html).toContain('Authenticator app');
  });
});

describe('npm start (the demo) --data', () => {
  it('refuses a folder it did not make with one line and exit code 2, deleting nothing', async () => {
    const home = await mkdtemp(join(tmpdir(), 'passgate-demo-home-'));
    try {
      await writeFile(join(home, 'thesis.odt'), 'years of work');
      const run = await runCliProcess(
        ['--data', home, '--port', '0'],
        {},
        {
          script: 'test/demo/main.ts',
          deadlineMs: 30_000,
        },
      );
      expect(run.code).toBe(2);
      expect(run.err).toBe(
        `passgate demo: --data ${home} is not empty and was not made by the demo, which deletes its folder's contents at every start; give it a new or empty folder\n`,
      );
      expect(run.out).toBe('');
      expect(await readdir(home)).toEqual(['thesis.odt']);
      expect(await readFile(join(home, 'thesis.odt'), 'utf8')).toBe('years of work');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 60_000);
});
