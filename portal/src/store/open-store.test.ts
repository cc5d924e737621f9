import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore, StoreError } from './open-store.js';

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'passgate-store-')), 'db.sqlite');
}

describe('openStore()', () => {
  it('creates every table in WAL mode, and opening again migrates nothing twice', async () => {
    const path = await tempPath();
    const first = await openStore(path);
    await first.close();
    const store = await openStore(path);
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' order by name`.execute(store.db);
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'audit_events',
        'counters',
        'outbox_jobs',
        'password_history',
        'pending_passwords',
        'users',
      ]),
    );
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    await store.close();
  });

  it('keeps the audit log append-only', async () => {
    const store = await openStore(await tempPath());
    const row = {
      id: 'e1',
      event_type: 'user_create',
      timestamp: new Date().toISOString(),
      user_id: null,
      username: 'a@b.example',
      success: 1,
      body: '{}',
    };
    await store.db.insertInto('audit_events').values(row).execute();
    await expect(store.db.updateTable('audit_events').set({ success: 0 }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(store.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    await store.close();
  });

  it('refuses a database in a folder that does not exist, saying what to fix', async () => {
    const error = await openStore('/nonexistent-passgate-dir/db.sqlite').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/folder \/nonexistent-passgate-dir does not exist/);
  });
});
