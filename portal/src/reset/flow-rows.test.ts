import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedSql } from '../../test-support/recorded-sql.js';
import { addUser } from '../accounts/user-directory.js';
import { openStore, type Store } from '../store/open-store.js';
import { findFlow, openFlow } from './flow-rows.js';

const at = Date.parse('2026-03-02T09:00:00Z');
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

/** Ann's account, as a flow for her address holds it. */
async function addAnn() {
  const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
  return store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('findFlow()', () => {
  // Every /reset step after the address is typed reads the flow (GET /reset/verify with no limit): a
  // statement more for a known address would let one flow be timed at will.
  it('runs the same statements for a flow of a known and of an unknown address', async () => {
    const ann = await addAnn();
    const statements = [];
    const found = [];
    for (const [email, account] of [
      ['ann@contoso.example', ann],
      ['nobody@contoso.example', null],
    ] as const) {
      const opened = await openFlow(store.db, { email, user: account, needed: 1, proven: [] }, at);
      const recording = recordedSql(store.db);
      found.push(await findFlow(recording.db, opened.token, at + 1000));
      statements.push(recording.sql);
    }
    expect(statements[0]).toHaveLength(1);
    expect(statements[1]).toEqual(statements[0]);
    expect(found[0]).toMatchObject({ email: 'ann@contoso.example', user: ann, needed: 1, proven: [] });
    expect(found[1]).toMatchObject({ email: 'nobody@contoso.example', user: null, needed: 1, proven: [] });
  });

  // A proof made for one password holds nothing after another was accepted.
  it('finds no flow once its account’s password changed, nor one whose account is gone', async () => {
    const ann = await addAnn();
    const opened = await openFlow(
      store.db,
      { email: ann.email, user: ann, needed: 1, proven: ['personal_email'] },
      at,
    );
    expect(await findFlow(store.db, opened.token, at)).toMatchObject({ proven: ['personal_email'] });
    await store.db
      .updateTable('users')
      .set({ credential_version: ann.credential_version + 1 })
      .where('id', '=', ann.id)
      .execute();
    expect(await findFlow(store.db, opened.token, at)).toBeNull();
    await store.db.deleteFrom('users').where('id', '=', ann.id).execute();
    expect(await findFlow(store.db, opened.token, at)).toBeNull();
  });
});
