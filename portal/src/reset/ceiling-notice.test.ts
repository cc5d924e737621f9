import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedSql } from '../../test-support/recorded-sql.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import { createRecoveryDeps } from '../recovery/recovery-deps.js';
import { openStore, type Store } from '../store/open-store.js';
import { ceilingNotice } from './ceiling-notice.js';
import { findFlow, openFlow } from './flow-rows.js';
import { resolveQueuedRequest } from './queued-flow-code.js';
import type { ResetDeps } from './reset-deps.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const at = Date.parse('2026-03-02T09:00:00Z');
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

function resetDeps(db: Store['db']): ResetDeps {
  const config = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});
  const recovery = createRecoveryDeps({ db, config, mailSender: null, now: () => new Date(at) });
  return { ...recovery, config, mailSender: null } as unknown as ResetDeps;
}

describe('ceilingNotice()', () => {
  // A stranger who fills the ceiling must not learn from the work done (or its time) whether the address exists.
  it('runs the same statements for a known and an unknown address; only the mail sender tells the person', async () => {
    const userId = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
    const user = await store.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const statements = [];
    for (const [email, account] of [
      ['ann@contoso.example', user],
      ['nobody@contoso.example', null],
    ] as const) {
      const opened = await openFlow(store.db, { email, user: account, needed: 1, proven: [] }, at);
      const flow = await findFlow(store.db, opened.token, at);
      if (flow === null) throw new Error('no flow');
      const recording = recordedSql(store.db);
      await ceilingNotice(resetDeps(recording.db), flow, at);
      // Once a day: a second refusal the same day queues nothing more.
      await ceilingNotice(resetDeps(recording.db), flow, at + 1000);
      statements.push(recording.sql);
    }
    expect(statements[0]?.length).toBeGreaterThan(0);
    expect(statements[1]).toEqual(statements[0]);
    const queued = () =>
      store.db.selectFrom('mail_queue').select(['id', 'kind', 'to_address', 'payload']).execute();
    expect((await queued()).map((row) => [row.kind, row.to_address])).toEqual([
      ['reset_request', ''],
      ['reset_request', ''],
    ]);

    const deps = resetDeps(store.db);
    for (const row of await queued()) {
      await store.db
        .updateTable('mail_queue')
        .set({ status: 'sending', attempts: 1 })
        .where('id', '=', row.id)
        .execute();
      const plaintext = deps.mailSealer.open(row.payload ?? new Uint8Array(), mailSealContext(row.id));
      await resolveQueuedRequest(deps, { id: row.id, attempts: 1, plaintext });
    }
    expect((await queued()).map((row) => [row.kind, row.to_address])).toEqual([
      ['security_notice', 'ann@contoso.example'],
    ]);
  });
});
