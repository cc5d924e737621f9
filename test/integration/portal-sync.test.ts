import { readFile } from 'node:fs/promises';
import { readAudit } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

const OLD = 'Harbour-Lantern-73!';
const names = [
  'tom.throttled',
  'tia.throttled',
  'ola.outage',
  'oscar.order',
  'sam.superseded',
  'sal.superseded',
];
const users = names.map((name) => ({ email: `${name}@contoso.example`, password: OLD }));
/** Every plaintext password this file uses: none may appear in logs, audit rows or the database. */
const used = new Set<string>([OLD]);
let t: TestPortal;

function change(email: string, currentPassword: string, newPassword: string) {
  used.add(newPassword);
  return t.portal.accounts.changePassword({
    email,
    currentPassword,
    newPassword,
    clientIp: '192.0.2.20',
    userAgent: 'vitest',
  });
}

async function eventually(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function eventuallyAsync(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function jobStatuses(email: string): Promise<string[]> {
  const rows = await t.portal.store.db
    .selectFrom('outbox_jobs')
    .select('status')
    .where('upn', '=', email)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.status);
}

beforeAll(async () => {
  t = await startTestPortal({
    users,
    config: { rateLimits: { perAccount: { max: 50 }, perAddress: { max: 500 } } },
  });
});
afterAll(() => t.close());

describe('sync worker against the emulator', () => {
  it('answers "queued" while Microsoft 365 throttles, then drains the queue', async () => {
    t.emulator.setThrottle({ writes: 1, perMs: 12_000 });
    try {
      expect(await change('tom.throttled@contoso.example', OLD, 'Granite-Willow-Path-41!')).toMatchObject({
        status: 'applied',
        microsoft365: true,
      });
      // The bucket is empty now: Microsoft answers 429 with Retry-After of up to 12 s, longer than a request
      // should wait (3 s), with room for a busy machine's hashing before it.
      expect(await change('tia.throttled@contoso.example', OLD, 'Granite-Willow-Path-42!')).toMatchObject({
        status: 'queued',
      });
      expect(t.emulator.verifyPassword(t.tenantId, 'tia.throttled@contoso.example', OLD)).toBe(true);
      await eventually(() =>
        t.emulator.verifyPassword(t.tenantId, 'tia.throttled@contoso.example', 'Granite-Willow-Path-42!'),
      );
      await eventuallyAsync(
        async () => (await jobStatuses('tia.throttled@contoso.example')).at(-1) === 'done',
      );
      expect(await jobStatuses('tia.throttled@contoso.example')).toEqual(['done']);
      const throttled = t.emulator.requests().filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
    } finally {
      t.emulator.setThrottle(null);
    }
  });

  it('answers "queued" during an outage and applies the change once Microsoft 365 is back', async () => {
    t.emulator.injectFaults({ kind: 'status', status: 503, count: 4 });
    expect(await change('ola.outage@contoso.example', OLD, 'Granite-Willow-Path-43!')).toMatchObject({
      status: 'queued',
    });
    await eventually(() =>
      t.emulator.verifyPassword(t.tenantId, 'ola.outage@contoso.example', 'Granite-Willow-Path-43!'),
    );
    // Microsoft 365 has the password a moment before the worker records its answer.
    const synced = () =>
      t.portal.store.db
        .selectFrom('users')
        .select(['last_synced_at', 'last_sync_error'])
        .where('email', '=', 'ola.outage@contoso.example')
        .executeTakeFirstOrThrow();
    await eventuallyAsync(async () => (await synced()).last_synced_at !== null);
    expect((await synced()).last_sync_error).toBeNull();
  });

  it('applies two quick changes in order: Microsoft 365 ends with the second', async () => {
    const email = 'oscar.order@contoso.example';
    // Slow the first PATCH so the second change arrives while the first is in flight.
    t.emulator.injectFaults({ kind: 'delay', ms: 1500, count: 1 });
    const first = change(email, OLD, 'Granite-Willow-Path-44!');
    await eventuallyAsync(async () => (await jobStatuses(email)).includes('running'));
    const second = change(email, 'Granite-Willow-Path-44!', 'Granite-Willow-Path-45!');
    const outcomes = await Promise.all([first, second]);
    for (const outcome of outcomes) expect(['applied', 'queued']).toContain(outcome.status);
    await eventually(() => t.emulator.verifyPassword(t.tenantId, email, 'Granite-Willow-Path-45!'));
    await eventuallyAsync(async () => (await jobStatuses(email)).at(-1) === 'done');
    // Give a wrongly ordered older job every chance to land, then check it did not.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.emulator.verifyPassword(t.tenantId, email, 'Granite-Willow-Path-45!')).toBe(true);
  });

  it('supersedes an older queued change: it is never applied after the newer one', async () => {
    const email = 'sam.superseded@contoso.example';
    // A 25 s window: both changes (each answered "queued" after its 3 s wait, plus hashing on a busy
    // machine) are in the queue long before Microsoft takes a write again, so the first is superseded.
    t.emulator.setThrottle({ writes: 1, perMs: 25_000 });
    try {
      // Use up the bucket on someone else, so Sam's changes both queue.
      await change('sal.superseded@contoso.example', OLD, 'Granite-Willow-Path-46!');
      expect(await change(email, OLD, 'Granite-Willow-Path-47!')).toMatchObject({ status: 'queued' });
      expect(await change(email, 'Granite-Willow-Path-47!', 'Granite-Willow-Path-48!')).toMatchObject({
        status: 'queued',
      });
      await eventually(() => t.emulator.verifyPassword(t.tenantId, email, 'Granite-Willow-Path-48!'), 50_000);
      await eventuallyAsync(async () => (await jobStatuses(email)).at(-1) === 'done');
      expect(await jobStatuses(email)).toEqual(['superseded', 'done']);
      expect(t.emulator.getUser(t.tenantId, email)?.passwordWrites).toBe(1);
    } finally {
      t.emulator.setThrottle(null);
    }
  }, 90_000);

  it('leaves no plaintext password in the logs, the audit log or the database files', async () => {
    const audit: string[] = [];
    for await (const event of readAudit(t.portal.store.db)) audit.push(JSON.stringify(event));
    expect(audit.length).toBeGreaterThan(10);
    // No fallback to an empty buffer: a scan of a file that could not be read must fail, not pass.
    const files = await Promise.all([t.databasePath, `${t.databasePath}-wal`].map((path) => readFile(path)));
    // The WAL may be empty: it is truncated after every round that wiped a sealed payload.
    expect(files[0]?.length).toBeGreaterThan(0);
    const haystacks = {
      logs: t.logs.join('\n'),
      audit: audit.join('\n'),
      database: Buffer.concat(files).toString('latin1'),
    };
    expect(haystacks.logs.length).toBeGreaterThan(1000);
    // The scan reads the portal's real data: the seeded users are in the database files.
    expect(haystacks.database).toContain(`@${TEST_TENANT_DOMAIN}`);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const password of used) expect(text.includes(password), `${where} holds a password`).toBe(false);
    }
    const sealed = await t.portal.store.db
      .selectFrom('outbox_jobs')
      .select('payload')
      .where('payload', 'is not', null)
      .execute();
    expect(sealed).toEqual([]);
  });
});
