import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from '@passgate/core/events';
import { type EmulatorRequest, type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCKDOWN_PERMISSIONS,
  type LockdownScenario,
  lockdownScenario,
} from '../support/lockdown-scenario.js';
import { createPostgresDatabase, testDialects } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

const PORTAL = 'https://passwords.contoso.example';
const RESET = `${PORTAL}/reset`;

let emulator: M365Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startM365Emulator();
  dir = await mkdtemp(join(tmpdir(), 'passgate-lockdown-'));
});
afterEach(() => {
  emulator.setThrottle(null);
  emulator.clearFaults();
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

/** The requests since `from` that changed something in Microsoft 365 (alone or inside a batch). */
function writesSince(from: number): EmulatorRequest[] {
  return emulator
    .requests()
    .slice(from)
    .filter(
      (r) =>
        r.method === 'PATCH' ||
        (r.method === 'POST' && !r.path.endsWith('/$batch') && !r.path.includes('/oauth2/')),
    );
}

function members(domain: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `person${String(i).padStart(2, '0')}@${domain}`);
}

/** The audit events lockdown wrote (seeding the users wrote user_create events before). */
async function auditEvents(scenario: LockdownScenario): Promise<AuditEvent[]> {
  const { out } = await scenario.cli(['audit', 'export']);
  const events = out === '' ? [] : out.split('\n').map((line) => JSON.parse(line) as AuditEvent);
  return events.filter((e) => e.event_type !== 'user_create');
}

describe.each(testDialects())('passgate tenants lockdown (%s)', (dialect) => {
  let tenant: LockdownScenario;
  const domain = `${dialect}.contoso.example`;
  const people = members(domain, 45);

  beforeAll(async () => {
    tenant = await lockdownScenario(emulator, dir, {
      name: `main${dialect}`,
      domain,
      permissions: LOCKDOWN_PERMISSIONS,
      directoryRoles: ['User Administrator'],
      ...(dialect === 'postgres' ? { database: await createPostgresDatabase('lockdown') } : {}),
      microsoft365Users: [
        ...people.map((userPrincipalName) => ({ userPrincipalName, passwordPolicies: 'None' })),
        { userPrincipalName: `strong@${domain}`, passwordPolicies: 'DisableStrongPassword' },
        { userPrincipalName: `done@${domain}`, passwordPolicies: 'DisablePasswordExpiration' },
        { userPrincipalName: `guest@${domain}`, userType: 'Guest' },
        { userPrincipalName: `synced@${domain}`, onPremisesSyncEnabled: true },
        // In Microsoft 365 but not in the portal: the portal does not own this password, so its expiry stays.
        { userPrincipalName: `outsider@${domain}` },
      ],
      portalUsers: [
        ...people,
        `strong@${domain}`,
        `done@${domain}`,
        `guest@${domain}`,
        `synced@${domain}`,
        `ghost@${domain}`,
      ],
    });
    emulator.setBranding(tenant.tenantId, { signInPageText: 'Contoso' });
  });

  it('reports what it would change and changes nothing on a dry run', async () => {
    const before = emulator.requests().length;
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', tenant.name]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('dry run, nothing changed; add --apply');
    expect(result.out).toContain(`would change  ${people[0]}: None -> DisablePasswordExpiration`);
    expect(result.out).toContain(
      `would change  strong@${domain}: DisableStrongPassword -> DisablePasswordExpiration, DisableStrongPassword`,
    );
    expect(result.out.match(/would change {2}\S+@/g)).toHaveLength(46);
    expect(result.out).toContain('unchanged     1 already have DisablePasswordExpiration');
    expect(result.out).toContain(`left alone    guest@${domain}: GUEST`);
    expect(result.out).toContain(`left alone    synced@${domain}: SYNCED`);
    expect(result.out).toContain(`left alone    ghost@${domain}: NOT_IN_MICROSOFT_365`);
    expect(result.out).toContain(`would change  (Microsoft's own reset) -> ${RESET}`);
    expect(writesSince(before)).toEqual([]);
    expect(emulator.getUser(tenant.tenantId, people[0] ?? '')?.passwordPolicies).toBe('None');
    expect(emulator.getBranding(tenant.tenantId)).toMatchObject({ customAccountResetCredentialsUrl: null });
    expect(await auditEvents(tenant)).toEqual([]);
  });

  it('applies the changes in batches of 20, audits each, and leaves guests, synced and outside users alone', async () => {
    const before = emulator.requests().length;
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', tenant.name, '--apply']);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`changed       ${people[44]}: None -> DisablePasswordExpiration`);
    expect(result.out).toContain(`changed       (Microsoft's own reset) -> ${RESET}`);
    const log = emulator.requests().slice(before);
    const writeBatches = log.filter(
      (r) =>
        r.path === '/v1.0/$batch' &&
        (r.body as { requests: { method: string }[] }).requests.every(
          (request) => request.method === 'PATCH',
        ),
    );
    expect(writeBatches.map((r) => (r.body as { requests: unknown[] }).requests.length)).toEqual([20, 20, 6]);
    for (const email of [...people, `done@${domain}`])
      expect(emulator.getUser(tenant.tenantId, email)?.passwordPolicies).toBe('DisablePasswordExpiration');
    expect(emulator.getUser(tenant.tenantId, `strong@${domain}`)?.passwordPolicies).toBe(
      'DisablePasswordExpiration, DisableStrongPassword',
    );
    expect(emulator.getUser(tenant.tenantId, `guest@${domain}`)?.passwordPolicies).toBeNull();
    expect(emulator.getUser(tenant.tenantId, `synced@${domain}`)?.passwordPolicies).toBeNull();
    expect(emulator.getUser(tenant.tenantId, `outsider@${domain}`)?.passwordPolicies).toBeNull();
    // The user who already had it got no write at all.
    expect(log.some((r) => r.method === 'PATCH' && r.path.includes(`done@${domain}`))).toBe(false);
    expect(emulator.getBranding(tenant.tenantId)).toMatchObject({
      customAccountResetCredentialsUrl: RESET,
      signInPageText: 'Contoso',
    });

    const events = await auditEvents(tenant);
    const userEvents = events.filter((e) => e.event_type === 'user_update_provision');
    expect(userEvents).toHaveLength(46);
    expect(userEvents.find((e) => e.resource.username === `strong@${domain}`)).toMatchObject({
      success: true,
      resource: { type: 'user' },
      changes: [
        {
          field: 'passwordPolicies',
          from: 'DisableStrongPassword',
          to: 'DisablePasswordExpiration, DisableStrongPassword',
        },
      ],
      initiated_by: { type: 'admin', id: 'cli' },
    });
    const tenantEvents = events.filter((e) => e.event_type === 'tenant_update_provision');
    expect(tenantEvents).toEqual([
      expect.objectContaining({
        success: true,
        resource: { type: 'tenant', id: tenant.tenantId, username: tenant.name },
        changes: [{ field: 'customAccountResetCredentialsUrl', from: null, to: RESET }],
      }),
    ]);
    // One run, one correlation id across its events.
    expect(new Set(events.map((e) => e.correlation.id)).size).toBe(1);
  });

  it('changes nothing when applied a second time', async () => {
    const before = emulator.requests().length;
    const eventsBefore = (await auditEvents(tenant)).length;
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', tenant.name, '--apply']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('unchanged     47 already have DisablePasswordExpiration');
    expect(result.out).toContain('nothing to change');
    expect(result.out).toContain(`unchanged     already ${RESET}`);
    expect(writesSince(before)).toEqual([]);
    expect((await auditEvents(tenant)).length).toBe(eventsBefore);
  });

  it('check --deep passes once lockdown is done', async () => {
    emulator.setDomainPasswordPolicy(tenant.tenantId, domain, { passwordValidityPeriodInDays: 90 });
    const result = await tenant.cli(['tenants', 'check', '--deep']);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('all 47 portal users have DisablePasswordExpiration');
    expect(result.out).toContain(`ok    goes to ${RESET}`);
  });
});

describe('passgate tenants check --deep', () => {
  it('names each missing permission with what it breaks, and says the roles are unknown without wids', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'narrow',
      domain: 'narrow.example',
      permissions: ['User-PasswordProfile.ReadWrite.All', 'User.EnableDisableAccount.All', 'User.Read.All'],
      microsoft365Users: [{ userPrincipalName: 'ann@narrow.example' }],
      portalUsers: ['ann@narrow.example'],
    });
    const result = await tenant.cli(['tenants', 'check', '--deep']);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^FIX {5}narrow \(narrow\.example\): signed in to /m);
    expect(result.out).toContain('ok    User-PasswordProfile.ReadWrite.All');
    expect(result.out).toContain(
      'FIX   User.RevokeSessions.All missing: a reset cannot sign the person out of Microsoft 365 everywhere',
    );
    expect(result.out).toContain(
      'note  AuditLog.Read.All missing: drift detection cannot say who changed a password',
    );
    expect(result.out).toContain(
      "note  Domain.Read.All missing: this check cannot tell whether Microsoft's own password expiry applies",
    );
    expect(result.out).toContain('note  OrganizationalBranding.ReadWrite.All missing: lockdown cannot point');
    expect(result.out).toContain(
      'note  User.ReadWrite.All missing: lockdown cannot set DisablePasswordExpiration',
    );
    expect(result.out).toContain('note  User Administrator: the token lists no directory roles');
    expect(result.out).toContain('note  domains unreadable: FORBIDDEN');
    expect(result.out).toContain("FIX   1 of 1 portal users still get Microsoft's own expiry prompts");
    expect(result.out).toContain(
      'note  unreadable: the app lacks OrganizationalBranding.Read.All or OrganizationalBranding.ReadWrite.All',
    );
  });

  it('still lists the permissions when the app may not read users at all', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'blind',
      domain: 'blind.example',
      permissions: ['User-PasswordProfile.ReadWrite.All'],
      microsoft365Users: [],
      portalUsers: ['ann@blind.example'],
    });
    const result = await tenant.cli(['tenants', 'check', '--deep']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('FIX   User.Read.All missing: users cannot be read');
    expect(result.out).toContain('FIX   users unreadable: FORBIDDEN');
  });

  it('reports expiry still on, a missing role, and a reset link that goes elsewhere, as JSON too', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'expiring',
      domain: 'expiring.example',
      permissions: LOCKDOWN_PERMISSIONS,
      directoryRoles: ['Helpdesk Administrator'],
      microsoft365Users: [
        { userPrincipalName: 'ann@expiring.example' },
        { userPrincipalName: 'bob@expiring.example', passwordPolicies: 'DisablePasswordExpiration' },
      ],
      portalUsers: ['ann@expiring.example', 'bob@expiring.example'],
    });
    emulator.setBranding(tenant.tenantId, { customAccountResetCredentialsUrl: 'https://sspr.example/reset' });
    const result = await tenant.cli(['tenants', 'check', '--deep']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('FIX   User Administrator missing: password resets may be refused');
    expect(result.out).toContain(
      "note  expiring.example: Microsoft expires passwords after 90 days (not set: Entra's default) unless a user has DisablePasswordExpiration",
    );
    expect(result.out).toContain(
      "FIX   1 of 2 portal users still get Microsoft's own expiry prompts (no DisablePasswordExpiration): passgate tenants lockdown --tenant expiring --apply",
    );
    expect(result.out).toContain(`FIX   goes to https://sspr.example/reset, not ${RESET}`);

    // A domain that never expires passwords: the user lacking the flag is no longer exposed.
    emulator.setDomainPasswordPolicy(tenant.tenantId, 'expiring.example', {
      passwordValidityPeriodInDays: 2147483647,
    });
    const json = await tenant.cli(['tenants', 'check', '--deep', '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({
      tenant: 'expiring',
      passed: false,
      domains: [{ domain: 'expiring.example', found: true, expiresAfterDays: null }],
      branding: { target: RESET, state: { kind: 'points_elsewhere', current: 'https://sspr.example/reset' } },
    });
    expect(
      report.users.map((u: { email: string; state: { kind: string } }) => [u.email, u.state.kind]),
    ).toEqual([
      ['ann@expiring.example', 'expiry_on'],
      ['bob@expiring.example', 'disabled_already'],
    ]);
  });
});

describe('passgate tenants lockdown when a step cannot be done', () => {
  it('reports branding refused for lack of permission, and still turns expiry off', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'nobranding',
      domain: 'nobranding.example',
      permissions: LOCKDOWN_PERMISSIONS.filter((p) => p !== 'OrganizationalBranding.ReadWrite.All'),
      microsoft365Users: [{ userPrincipalName: 'ann@nobranding.example' }],
      portalUsers: ['ann@nobranding.example'],
    });
    emulator.setBranding(tenant.tenantId, {});
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'NoBranding', '--apply']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('changed       ann@nobranding.example: (none) -> DisablePasswordExpiration');
    expect(result.out).toContain(
      'SKIPPED       NO_PERMISSION: the app lacks OrganizationalBranding.ReadWrite.All',
    );
    expect(emulator.getUser(tenant.tenantId, 'ann@nobranding.example')?.passwordPolicies).toBe(
      'DisablePasswordExpiration',
    );
    expect(emulator.getBranding(tenant.tenantId)).toMatchObject({ customAccountResetCredentialsUrl: null });
  });

  it('reports a tenant without the branding licence, audits the refusal, and goes on', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'unlicensed',
      domain: 'unlicensed.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: [{ userPrincipalName: 'ann@unlicensed.example' }],
      portalUsers: ['ann@unlicensed.example'],
    });
    emulator.setBranding(tenant.tenantId, {});
    emulator.setBrandingLicence(tenant.tenantId, false);
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'unlicensed', '--apply', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({
      complete: false,
      applied: true,
      expiry: { changes: [{ email: 'ann@unlicensed.example', outcome: 'changed' }] },
      branding: { outcome: 'skipped', reason: { code: 'LICENCE_REQUIRED' } },
    });
    expect(report.branding.reason.message).toContain('Entra ID P1 or P2, or an Office 365 licence');
    const refusal = (await auditEvents(tenant)).find((e) => e.event_type === 'tenant_update_provision');
    expect(refusal).toMatchObject({
      success: false,
      error_message: expect.stringMatching(/^LICENCE_REQUIRED: /),
    });
  });

  it('reports the expiry step it did when the branding cannot be read, instead of only failing', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'brandingdown',
      domain: 'brandingdown.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: [{ userPrincipalName: 'ann@brandingdown.example' }],
      portalUsers: ['ann@brandingdown.example'],
    });
    emulator.setBranding(tenant.tenantId, {});
    // Microsoft answers the branding read with a 500, which is not retried.
    emulator.injectFaults({
      kind: 'status',
      status: 500,
      count: 1,
      pathPrefix: `/v1.0/organization/${tenant.tenantId}/branding`,
    });
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'brandingdown', '--apply', '--json']);
    // Before, one FAILED line and no report, though the users' expiry was already changed.
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({
      complete: false,
      expiry: { changes: [{ email: 'ann@brandingdown.example', outcome: 'changed' }] },
      branding: { outcome: 'failed', reason: { code: 'CANNOT_READ_BRANDING' } },
    });
    expect(emulator.getUser(tenant.tenantId, 'ann@brandingdown.example')?.passwordPolicies).toBe(
      'DisablePasswordExpiration',
    );
  });

  it('refuses a reset URL over 128 characters and says to shorten publicUrl, sending nothing for it', async () => {
    const longUrl = `https://passwords.${'very-long-name-'.repeat(7)}contoso.example`;
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'longurl',
      domain: 'longurl.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: [],
      portalUsers: [],
      publicUrl: longUrl,
    });
    emulator.setBranding(tenant.tenantId, {});
    const before = emulator.requests().length;
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'longurl', '--apply']);
    expect(`${longUrl}/reset`.length).toBeGreaterThan(128);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      `SKIPPED       RESET_URL_TOO_LONG: ${longUrl}/reset is ${longUrl.length + 6} characters; Microsoft takes at most 128`,
    );
    expect(
      emulator
        .requests()
        .slice(before)
        .some((r) => r.path.includes('/branding')),
    ).toBe(false);
    expect((await tenant.cli(['tenants', 'check', '--deep'])).out).toContain('Microsoft takes at most 128');
  });

  it('says the tenant has no branding yet, and how to create it', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'unbranded',
      domain: 'unbranded.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: [],
      portalUsers: [],
    });
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'unbranded', '--apply']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('SKIPPED       NO_BRANDING: the tenant has no sign-in branding yet');
    expect(result.out).toContain('Company branding > Default sign-in experience');
    expect(emulator.getBranding(tenant.tenantId)).toBeNull();
  });

  it('retries the throttled requests of a batch after their Retry-After and finishes the job', async () => {
    const people = members('throttled.example', 30);
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'throttled',
      domain: 'throttled.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: people.map((userPrincipalName) => ({ userPrincipalName })),
      portalUsers: people,
    });
    emulator.setBranding(tenant.tenantId, {});
    // Ten writes in the bucket, refilled at five a second: the first batch's twenty requests reach the
    // emulator within milliseconds of each other, so about ten of them are refused however slow the
    // machine is. (25 a second, refilled continuously, let a busy machine's slower batches all through.)
    emulator.setThrottle({ writes: 10, perMs: 2_000 });
    const before = emulator.requests().length;
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'throttled', '--apply']);
    expect(result.code, result.out).toBe(0);
    const log = emulator.requests().slice(before);
    const throttled = log.filter((r) => r.batch !== undefined && r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const refused of throttled) {
      const retried = log.find(
        (r) => r.batch && r.path === refused.path && r.status === 204 && r.at > refused.at,
      );
      expect((retried?.at ?? 0) - refused.at).toBeGreaterThanOrEqual(1_000);
    }
    expect(
      people.every(
        (p) => emulator.getUser(tenant.tenantId, p)?.passwordPolicies === 'DisablePasswordExpiration',
      ),
    ).toBe(true);
  });

  it('has audited the batches it applied while a later one is still in flight', async () => {
    const people = members('interrupted.example', 21);
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'interrupted',
      domain: 'interrupted.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: people.map((userPrincipalName) => ({ userPrincipalName })),
      portalUsers: people,
    });
    emulator.setBranding(tenant.tenantId, {});
    const before = emulator.requests().length;
    // Two batches read the 21 users and one writes the first 20; the batch writing the 21st is held,
    // and the database as it is then is what a run killed then (SIGKILL, a crash) leaves behind.
    emulator.injectFaults({ kind: 'delay', ms: 0, count: 3, pathPrefix: '/v1.0/$batch' });
    // Held long enough that a loaded machine reads the database well within it (checked below), and
    // within the Graph client's 10 s timeout.
    emulator.injectFaults({ kind: 'delay', ms: 8_000, count: 1, pathPrefix: '/v1.0/$batch' });
    const run = tenant.cli(['tenants', 'lockdown', '--tenant', 'interrupted', '--apply']);
    const batches = () =>
      emulator
        .requests()
        .slice(before)
        .filter((r) => r.path === '/v1.0/$batch');
    await waitUntil(() => batches().length === 4);
    const audited = (await auditEvents(tenant)).filter((e) => e.event_type === 'user_update_provision');
    expect(batches()[3]?.status, 'the second write batch is still held (no answer yet)').toBe(0);
    expect(emulator.getUser(tenant.tenantId, people[0] ?? '')?.passwordPolicies).toBe(
      'DisablePasswordExpiration',
    );
    expect(emulator.getUser(tenant.tenantId, people[20] ?? '')?.passwordPolicies).toBeNull();
    expect(audited.map((e) => e.resource.username).sort()).toEqual(people.slice(0, 20));
    expect(audited.every((e) => e.success)).toBe(true);

    const result = await run;
    expect(result.code, result.out).toBe(0);
    expect(result.out.match(/changed {7}\S+@/g)).toHaveLength(21);
    const all = (await auditEvents(tenant)).filter((e) => e.event_type === 'user_update_provision');
    expect(all.map((e) => e.resource.username).sort()).toEqual(people);
  });

  it('sends no further batch once one fails as a whole, and audits every change it could not make', async () => {
    const people = members('batchdown.example', 21);
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'batchdown',
      domain: 'batchdown.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: people.map((userPrincipalName) => ({ userPrincipalName })),
      portalUsers: people,
    });
    emulator.setBranding(tenant.tenantId, {});
    const before = emulator.requests().length;
    // The two reading batches go through; Microsoft answers the first writing batch with a 500.
    emulator.injectFaults({ kind: 'delay', ms: 0, count: 2, pathPrefix: '/v1.0/$batch' });
    emulator.injectFaults({ kind: 'status', status: 500, count: 1, pathPrefix: '/v1.0/$batch' });
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'batchdown', '--apply', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.expiry.changes).toHaveLength(21);
    expect(report.expiry.changes.every((c: { outcome: string }) => c.outcome === 'failed')).toBe(true);
    expect(report.branding).toMatchObject({ outcome: 'changed' });
    const batches = emulator
      .requests()
      .slice(before)
      .filter((r) => r.path === '/v1.0/$batch');
    expect(batches).toHaveLength(3);
    const audited = (await auditEvents(tenant)).filter((e) => e.event_type === 'user_update_provision');
    expect(audited).toHaveLength(21);
    expect(audited.every((e) => !e.success && e.error_message?.startsWith('UNAVAILABLE: '))).toBe(true);
  });

  it('waits out a throttled read of the users as patiently as its writes', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'slowusers',
      domain: 'slowusers.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: [{ userPrincipalName: 'ann@slowusers.example' }],
      portalUsers: ['ann@slowusers.example'],
    });
    emulator.setBranding(tenant.tenantId, {});
    // Three 429s on the batch reading the users: more than a Graph call's default 2 retries allow,
    // fewer than lockdown's 10.
    emulator.injectFaults({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 0,
      count: 3,
      pathPrefix: '/v1.0/$batch',
    });
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'slowusers', '--apply', '--json']);
    expect(result.code, result.out).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      complete: true,
      expiry: { changes: [{ email: 'ann@slowusers.example', outcome: 'changed' }] },
    });
  });

  it('waits out a throttled read of the branding as patiently as its writes', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'slowbranding',
      domain: 'slowbranding.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: [],
      portalUsers: [],
    });
    emulator.setBranding(tenant.tenantId, {});
    emulator.injectFaults({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 0,
      count: 3,
      pathPrefix: `/v1.0/organization/${tenant.tenantId}/branding`,
    });
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'slowbranding', '--apply', '--json']);
    expect(result.code, result.out).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ complete: true, branding: { outcome: 'changed' } });
  });

  it('refuses an unknown tenant name with the names it knows', async () => {
    const tenant = await lockdownScenario(emulator, dir, {
      name: 'known',
      domain: 'known.example',
      permissions: LOCKDOWN_PERMISSIONS,
      microsoft365Users: [],
      portalUsers: [],
    });
    const result = await tenant.cli(['tenants', 'lockdown', '--tenant', 'fabrikam']);
    expect(result).toMatchObject({
      code: 2,
      err: expect.stringContaining('no tenant named "fabrikam" in the config (tenants: known)'),
    });
    expect((await tenant.cli(['tenants', 'lockdown'])).code).toBe(2);
  });
});
