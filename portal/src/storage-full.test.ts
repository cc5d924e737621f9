import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { capturingLogger, openForm, PUBLIC_ORIGIN, submitForm } from '../test-support/web-test-kit.js';
import { checkCredentials } from './accounts/check-credentials.js';
import { addUser } from './accounts/user-directory.js';
import { createApp } from './app.js';
import { parseConfig } from './config/parse-config.js';
import { openPortal } from './runtime.js';

const OLD = 'Harbour-Lantern-73!';
const NEW = 'Kettle-Harbour-Violet-93';

describe('a full disk while a change is accepted', () => {
  it('answers SAVE_FAILED (503), writes nothing of the change and keeps the old password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passgate-full-'));
    const config = parseConfig(
      {
        publicUrl: `${PUBLIC_ORIGIN}/`,
        database: join(dir, 'passgate.sqlite'),
        secretKey: randomBytes(32).toString('hex'),
        tenants: [
          {
            name: 'contoso',
            domains: ['contoso.example'],
            // Never called: the change fails before its job could run (and no worker runs here).
            graph: {
              tenantId: '00000000-0000-4000-8000-000000000001',
              clientId: '00000000-0000-4000-8000-000000000002',
              clientSecret: 'not-used',
              cloud: { authorityHost: 'https://127.0.0.1:9', graphBaseUrl: 'https://127.0.0.1:9' },
            },
          },
        ],
      },
      {},
    );
    const { logger, lines } = capturingLogger();
    const portal = await openPortal(config, { logger, startWorker: false });
    const { db } = portal.store;
    try {
      const userId = await addUser(db, { email: 'ann@contoso.example', password: OLD }, new Date());
      const hashBefore = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      // The disk fills half-way through the accepting transaction: the job row is written, then the
      // pending hash's write needs pages that are not there (SQLite's page limit stands in for the disk).
      await sql`create table disk_filler (bytes blob)`.execute(db);
      await sql`create trigger disk_fills after insert on pending_passwords
        begin insert into disk_filler values (zeroblob(1048576)); end`.execute(db);
      const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db);
      await sql.raw(`pragma max_page_count = ${(pages.rows[0]?.page_count ?? 0) + 32}`).execute(db);

      const app = createApp({ config, accounts: portal.accounts, logger });
      const response = await submitForm(app, await openForm(app), {
        email: 'ann@contoso.example',
        currentPassword: OLD,
        newPassword: NEW,
        confirmPassword: NEW,
      });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('Nothing has changed: your password is the same as before.');
      expect(
        lines.filter((line) => line.includes('could not save: the database or its disk is full')),
      ).toHaveLength(1);

      // Nothing half-written: no job, no pending hash without it, no audit row claiming the change.
      expect(await db.selectFrom('outbox_jobs').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('pending_passwords').selectAll().execute()).toEqual([]);
      const audit = await db
        .selectFrom('audit_events')
        .select(['event_type', 'success'])
        .where('username', '=', 'ann@contoso.example')
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([{ event_type: 'user_create', success: 1 }]);
      const hashAfter = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      expect(hashAfter).toEqual(hashBefore);
      expect(await checkCredentials(db, 'ann@contoso.example', OLD)).not.toBeNull();
      expect(await checkCredentials(db, 'ann@contoso.example', NEW)).toBeNull();
    } finally {
      await portal.close();
    }
  });
});
