import { InsertQueryNode, type Kysely, type KyselyPlugin, type Selectable } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedSql } from '../../test-support/recorded-sql.js';
import { testResetDeps } from '../../test-support/reset-deps.js';
import { resolveResetRequests } from '../../test-support/resolve-reset-requests.js';
import { addUser } from '../accounts/user-directory.js';
import type { MailContent } from '../mail/compose-mail.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import type { Database } from '../store/database-schema.js';
import { openStore, type Store } from '../store/open-store.js';
import { type CeilingNoticeRequest, ceilingNotice } from './ceiling-notice.js';
import { type FlowRow, findFlow, openFlow } from './flow-rows.js';
import { queueRequestRow } from './queued-flow-code.js';
import type { ResetDeps } from './reset-deps.js';

const at = Date.parse('2026-03-02T09:00:00Z');
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

function resetDeps(db: Store['db']): ResetDeps {
  return testResetDeps(db, () => new Date(at));
}

/** Every queued mail, as kind and address, with a security notice's subject opened. */
async function queuedMails(deps: ResetDeps): Promise<string[][]> {
  const rows = await store.db
    .selectFrom('mail_queue')
    .select(['id', 'kind', 'to_address', 'payload'])
    .orderBy('to_address')
    .execute();
  return rows.map((row) => {
    if (row.kind !== 'security_notice') return [row.kind, row.to_address];
    const content = JSON.parse(
      deps.mailSealer.open(row.payload ?? new Uint8Array(), mailSealContext(row.id)),
    ) as MailContent;
    return [row.kind, row.to_address, content.subject];
  });
}

/** What the mail sender does with every `reset_request` row queued. */
async function resolveRequests(deps: ResetDeps): Promise<void> {
  await resolveResetRequests(store.db, deps);
}

/** A flow for `email` (with Ann's account, or none). */
async function flowFor(email: string, account: Selectable<Database['users']> | null): Promise<FlowRow> {
  const opened = await openFlow(store.db, { email, user: account, needed: 1, proven: [] }, at);
  const flow = await findFlow(store.db, opened.token, at);
  if (flow === null) throw new Error('no flow');
  return flow;
}

/** `db`, whose first insert into `table` fails as a write does when SQLite stays busy past busy_timeout. */
function busyOnceOn(db: Kysely<Database>, table: string): Kysely<Database> {
  let failed = false;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      if (!failed && InsertQueryNode.is(node) && node.into?.table.identifier.name === table) {
        failed = true;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      }
      return node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  return db.withPlugin(plugin);
}

/** What is counted on `key` now (0 without a row). */
async function counted(key: string): Promise<number> {
  const row = await store.db.selectFrom('counters').select('count').where('key', '=', key).executeTakeFirst();
  return Number(row?.count ?? 0);
}

const SUBJECTS = {
  totp: 'Someone is guessing codes to reset the password of your Passgate account',
  mailed_codes: 'Someone is asking for codes to reset the password of your Passgate account',
  mailed_guessing: 'Someone is guessing e-mailed codes to reset the password of your Passgate account',
  device_codes:
    'Someone who knows your password is asking for codes to reset the password of your Passgate account',
} as const;

describe('ceilingNotice()', () => {
  // A stranger who fills a ceiling must not learn from the work done (or its time) whether the address exists.
  it.each(['totp', 'mailed_codes', 'mailed_guessing', 'device_codes'] as const)(
    'runs the same statements for a known and an unknown address; only the mail sender tells the person (%s)',
    async (ceiling) => {
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
        const flow = await flowFor(email, account);
        const recording = recordedSql(store.db);
        await ceilingNotice(resetDeps(recording.db), ceiling, flow, at);
        // Once a day: a second refusal the same day queues nothing more.
        await ceilingNotice(resetDeps(recording.db), ceiling, flow, at + 1000);
        statements.push(recording.sql);
      }
      expect(statements[0]?.length).toBeGreaterThan(0);
      expect(statements[1]).toEqual(statements[0]);
      const deps = resetDeps(store.db);
      expect(await queuedMails(deps)).toEqual([
        ['reset_request', ''],
        ['reset_request', ''],
      ]);

      await resolveRequests(deps);
      expect(await queuedMails(deps)).toEqual([
        ['security_notice', 'ann@contoso.example', SUBJECTS[ceiling]],
      ]);
    },
  );

  // Each notice says what rests and what still works; the app's says to prove with a mailed code first,
  // the mailed codes' to use the app, the devices' to change the password: one told must not keep the
  // person from hearing of another.
  it('tells of each ceiling once a day, none silencing another', async () => {
    await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
    const flow = await flowFor('ann@contoso.example', null);
    const deps = resetDeps(store.db);
    await ceilingNotice(deps, 'totp', flow, at);
    await ceilingNotice(deps, 'mailed_codes', flow, at + 1000);
    await ceilingNotice(deps, 'mailed_guessing', flow, at + 1500);
    await ceilingNotice(deps, 'device_codes', flow, at + 1700);
    await ceilingNotice(deps, 'mailed_codes', flow, at + 2000);
    await ceilingNotice(deps, 'totp', flow, at + 3000);
    await ceilingNotice(deps, 'mailed_guessing', flow, at + 4000);
    // Hours later, the devices' hour filled again the same day: still the one notice.
    await ceilingNotice(deps, 'device_codes', flow, at + 5 * 3_600_000);
    await resolveRequests(deps);
    expect((await queuedMails(deps)).map((mail) => mail[2]).sort()).toEqual(
      [SUBJECTS.mailed_codes, SUBJECTS.totp, SUBJECTS.mailed_guessing, SUBJECTS.device_codes].sort(),
    );
  });

  // Every refusal at a full ceiling comes here: once the day's slot is taken, each must cost a read, not a
  // write (strangers refused again and again would otherwise each upsert the slot).
  it('reads a slot already taken today, and writes nothing', async () => {
    const flow = await flowFor('ann@contoso.example', null);
    await ceilingNotice(resetDeps(store.db), 'mailed_guessing', flow, at);
    const recording = recordedSql(store.db);
    for (let i = 1; i <= 3; i += 1)
      await ceilingNotice(resetDeps(recording.db), 'mailed_guessing', flow, at + i * 1000);
    expect(recording.sql).toHaveLength(3);
    for (const statement of recording.sql) expect(statement).toMatch(/^select /i);
    expect(await counted('reset-24h:mailed-notice:ann@contoso.example')).toBe(1);
  });

  // Spent without a notice queued, the day's slot would keep the person from hearing of the ceiling at all
  // that day, however many refusals followed.
  it('spends the day’s slot only with the notice queued: when queueing fails, a later refusal tells the person', async () => {
    await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
    const flow = await flowFor('ann@contoso.example', null);
    const busy = busyOnceOn(store.db, 'mail_queue');
    await expect(ceilingNotice(resetDeps(busy), 'mailed_guessing', flow, at)).rejects.toThrow(
      'database is locked',
    );
    expect(await counted('reset-24h:mailed-notice:ann@contoso.example')).toBe(0);
    for (let i = 1; i <= 50; i += 1)
      await ceilingNotice(resetDeps(store.db), 'mailed_guessing', flow, at + i * 1000);
    const deps = resetDeps(store.db);
    expect(await queuedMails(deps)).toEqual([['reset_request', '']]);
    await resolveRequests(deps);
    expect(await queuedMails(deps)).toEqual([
      ['security_notice', 'ann@contoso.example', SUBJECTS.mailed_guessing],
    ]);
  });

  // A request queued before the mailed codes had a notice carries no ceiling: it was the app's.
  it('words a request that names no ceiling as the authenticator’s notice', async () => {
    await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
    const deps = resetDeps(store.db);
    const request: CeilingNoticeRequest = { type: 'ceiling_notice', email: 'ann@contoso.example', at };
    await store.db.transaction().execute((trx) => queueRequestRow(trx, request, deps.mailSealer, at));
    await resolveRequests(deps);
    expect(await queuedMails(deps)).toEqual([['security_notice', 'ann@contoso.example', SUBJECTS.totp]]);
  });
});
