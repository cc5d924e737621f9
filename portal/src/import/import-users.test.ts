import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { M365Error } from '@passgate/core/graph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import type { ImportCandidate, ImportEntry } from './import-entry.js';
import { type ImportOptions, importUsers } from './import-users.js';

const config = parseConfig(
  {
    publicUrl: 'https://passwords.contoso.example',
    secretKey: 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90',
  },
  {},
);
const OPTIONS: ImportOptions = {
  dryRun: false,
  sendActivation: true,
  actor: { type: 'admin', id: 'test' },
  source: 'test',
  batchSize: 2,
};

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-import-users-'));
  store = await openStore(join(dir, 'p.sqlite'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function deps() {
  return { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail'), now: () => new Date() };
}

function candidate(given: string, line: number, alias: string | null = null): ImportCandidate {
  return {
    kind: 'candidate',
    address: given.toLowerCase(),
    given,
    displayName: null,
    alias,
    origin: { line },
  };
}

async function* source(entries: ImportEntry[], failAfter?: number): AsyncIterable<ImportEntry> {
  for (const [i, entry] of entries.entries()) {
    if (i === failAfter) throw new M365Error('UNAVAILABLE', 'listAllUsers: Microsoft Graph is unavailable');
    yield entry;
  }
}

async function emails(): Promise<string[]> {
  return (await store.db.selectFrom('users').select('email').orderBy('email').execute()).map((r) => r.email);
}

describe('importUsers()', () => {
  it('creates across batches, keeps the first of a case-only duplicate, and never touches an existing user', async () => {
    await addUser(
      store.db,
      { email: 'kept@contoso.example', displayName: 'Kept', password: null },
      new Date(),
    );
    const { report, stopped } = await importUsers(
      deps(),
      source([
        candidate('a@contoso.example', 2),
        candidate('Kept@contoso.example', 3),
        candidate('b@contoso.example', 4),
        candidate('A@Contoso.example', 5),
        { kind: 'skip', address: 'g@x.example', reason: 'guest', detail: null, origin: { line: 6 } },
        candidate('c@contoso.example', 7),
      ]),
      OPTIONS,
    );
    expect(stopped).toBeNull();
    expect(report.read).toBe(6);
    expect(report.created.map((c) => c.address)).toEqual([
      'a@contoso.example',
      'b@contoso.example',
      'c@contoso.example',
    ]);
    expect(report.alreadyPresent).toEqual([{ address: 'kept@contoso.example', displayName: null, line: 3 }]);
    expect(report.skipped.map((s) => [s.line, s.reason, s.detail])).toEqual([
      [5, 'conflict', 'the same address as line 2 (a@contoso.example), ignoring case'],
      [6, 'guest', null],
    ]);
    expect(report.activationMailsQueued).toBe(3);
    const kept = await store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'kept@contoso.example')
      .executeTakeFirst();
    expect(kept?.display_name).toBe('Kept');
    const mails = await store.db
      .selectFrom('mail_queue')
      .select('to_address')
      .orderBy('to_address')
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual(report.created.map((c) => c.address));
    const audit = await store.db
      .selectFrom('audit_events')
      .select(['event_type', 'username', 'body'])
      .orderBy('seq')
      .execute();
    const imported = audit.filter(
      (a) => a.event_type === 'user_create' && a.username !== 'kept@contoso.example',
    );
    expect(imported).toHaveLength(3);
    expect(JSON.parse(imported[0]?.body ?? '{}').changes).toContainEqual({
      field: 'importedFrom',
      to: 'test',
    });
  });

  it("is a conflict when a portal user holds the person's mail address", async () => {
    await addUser(store.db, { email: 'ann@sales.contoso.example', password: null }, new Date());
    const { report } = await importUsers(
      deps(),
      source([candidate('ann.lee@contoso.example', 1, 'ann@sales.contoso.example')]),
      OPTIONS,
    );
    expect(report.created).toEqual([]);
    expect(report.skipped[0]).toMatchObject({ reason: 'conflict', address: 'ann.lee@contoso.example' });
    expect(report.skipped[0]?.detail).toContain('a portal user already has ann@sales.contoso.example');
    expect(await emails()).toEqual(['ann@sales.contoso.example']);
  });

  it('settles what it read when the source fails part-way, and reports why it stopped', async () => {
    const entries = [1, 2, 3, 4, 5].map((n) => candidate(`u${n}@contoso.example`, n));
    const { report, stopped } = await importUsers(deps(), source(entries, 3), OPTIONS);
    expect(stopped).toMatchObject({ code: 'UNAVAILABLE' });
    expect(report.created.map((c) => c.address)).toEqual([
      'u1@contoso.example',
      'u2@contoso.example',
      'u3@contoso.example',
    ]);
    expect(await emails()).toEqual(['u1@contoso.example', 'u2@contoso.example', 'u3@contoso.example']);
  });

  it('in a dry run writes nothing and queues no mail', async () => {
    const { report } = await importUsers(deps(), source([candidate('u@contoso.example', 1)]), {
      ...OPTIONS,
      dryRun: true,
    });
    expect(report).toMatchObject({ dryRun: true, activationMailsQueued: 0 });
    expect(report.created).toHaveLength(1);
    expect(await emails()).toEqual([]);
    expect(await store.db.selectFrom('audit_events').select('id').execute()).toEqual([]);
  });

  it('refuses a batch size the databases cannot take in one statement', async () => {
    await expect(importUsers(deps(), source([]), { ...OPTIONS, batchSize: 5_000 })).rejects.toThrow(
      RangeError,
    );
  });
});
