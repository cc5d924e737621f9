import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../../accounts/user-directory.js';
import { parseConfig } from '../../config/portal-config.js';
import { createSealer } from '../../crypto/sealer.js';
import { queueSecurityNotice } from '../../notifications/queue-security-notice.js';
import { openStore, type Store } from '../../store/open-store.js';
import { enqueueSetPassword } from '../../sync/enqueue-set-password.js';
import { giveUpJob } from './job-actions.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const T = Date.parse('2026-03-02T09:00:00Z');
const config = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});
const notices = { config, mailSealer: createSealer(config.secretKey, 'mail') };
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('giveUpJob()', () => {
  it('ends the job, withdraws the "changed" notice still waiting, and tells the person, all at once', async () => {
    const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(T));
    const user = { id, email: 'ann@contoso.example', display_name: null };
    // What acceptPassword commits: the job and the "changed" notice, at the same moment.
    await store.db.transaction().execute(async (trx) => {
      await enqueueSetPassword(
        trx,
        {
          jobId: 'job-1',
          userId: id,
          tenant: 'contoso',
          upn: user.email,
          password: 'Harbour-Lantern-73!',
          passwordHash: 'hash',
          correlationId: 'c-1',
          enableAccount: false,
          now: T,
        },
        createSealer(randomBytes(32), 'outbox'),
      );
      await queueSecurityNotice(
        trx,
        notices,
        user,
        { kind: 'password_changed', way: { kind: 'change' } },
        { at: T },
      );
    });
    // The mail server refused its first attempt: it waits to be tried again.
    await store.db.updateTable('mail_queue').set({ attempts: 1 }).execute();
    const changed = await store.db.selectFrom('mail_queue').select('id').executeTakeFirstOrThrow();

    expect(
      await giveUpJob(store.db, 'job-1', new Date(T + 60_000), { type: 'admin', id: 'it' }, notices),
    ).toBe('done');
    const job = await store.db.selectFrom('outbox_jobs').select('status').executeTakeFirstOrThrow();
    expect(job.status).toBe('failed');
    // Before, the "changed" copy stayed queued and could reach the person after this one.
    const mails = await store.db.selectFrom('mail_queue').select(['id', 'created_at']).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.id).not.toBe(changed.id);
    expect(Number(mails[0]?.created_at)).toBe(T + 60_000);
  });
});
