import type { Selectable } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedSql } from '../../test-support/recorded-sql.js';
import { testResetDeps } from '../../test-support/reset-deps.js';
import { resolveResetRequests } from '../../test-support/resolve-reset-requests.js';
import { addUser } from '../accounts/user-directory.js';
import type { MailContent } from '../mail/compose-mail.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import type { Database } from '../store/database-schema.js';
import { openStore, type Store } from '../store/open-store.js';
import { sendFlowCode } from './flow-code.js';
import { findFlow, openFlow } from './flow-rows.js';
import { resolveQueuedRequest } from './queued-flow-code.js';
import type { ResetDeps } from './reset-deps.js';

const ORIGIN = { clientIp: '192.0.2.1', userAgent: 'vitest' };
const at = Date.parse('2026-03-02T09:00:00Z');
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

/** The deps sendFlowCode uses, over `db` (a recording one in the test below). */
function resetDeps(db: Store['db'], now = () => new Date(at)): ResetDeps {
  return testResetDeps(db, now);
}

/** Ann's account, with a confirmed personal address (where her codes, and her notices, go). */
async function addAnn(): Promise<Selectable<Database['users']>> {
  const userId = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date(at));
  await store.db
    .insertInto('recovery_methods')
    .values({
      id: 'home-1',
      user_id: userId,
      kind: 'personal_email',
      label: 'Personal e-mail',
      created_at: at,
      confirmed_at: at,
      last_used_at: null,
      email: 'ann@home.example',
      totp_secret: null,
      totp_last_step: null,
      credential_id: null,
      public_key: null,
      sign_count: null,
      transports: null,
    })
    .execute();
  return store.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
}

describe('sendFlowCode()', () => {
  // The answer and the work must not say whether the address typed has an account with a personal address.
  it('runs the same statements for a known and an unknown address; only the mail sender mails the code', async () => {
    const user = await addAnn();
    const answers = [];
    const statements = [];
    for (const [email, account] of [
      ['ann@contoso.example', user],
      ['nobody@contoso.example', null],
    ] as const) {
      const opened = await openFlow(store.db, { email, user: account, needed: 1, proven: [] }, at);
      const flow = await findFlow(store.db, opened.token, at);
      if (flow === null) throw new Error('no flow');
      const recording = recordedSql(store.db);
      answers.push(await sendFlowCode(resetDeps(recording.db), flow, ORIGIN));
      statements.push(recording.sql);
    }
    expect(answers).toEqual([{ status: 'ok' }, { status: 'ok' }]);
    expect(statements[0]?.length).toBeGreaterThan(0);
    expect(statements[1]).toEqual(statements[0]);
    // No mail yet, for anyone: two sealed requests wait for the mail sender.
    const queued = () =>
      store.db.selectFrom('mail_queue').select(['id', 'kind', 'to_address', 'payload']).execute();
    expect((await queued()).map((row) => row.kind)).toEqual(['reset_request', 'reset_request']);

    // Off the request, the mail sender resolves both: the known address's code goes to its personal
    // address, the unknown one's nowhere.
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
    const mails = await queued();
    expect(mails.map((row) => [row.kind, row.to_address])).toEqual([['email_code', 'ann@home.example']]);
    const mail = mails[0];
    if (mail === undefined) throw new Error('no mail');
    const content = JSON.parse(
      deps.mailSealer.open(mail.payload ?? new Uint8Array(), mailSealContext(mail.id)),
    ) as MailContent;
    expect(content.text).toMatch(/^\d{6}$/m);
  });

  describe('how many codes strangers can have mailed to one address typed', () => {
    let clock = at;
    const deps = () => resetDeps(store.db, () => new Date(clock));
    /** A new flow for Ann's address (as typed at /reset), and one code asked for in it from `clientIp`. */
    async function codeFrom(clientIp: string): Promise<string> {
      const opened = await openFlow(
        store.db,
        { email: 'ann@contoso.example', user: null, needed: 1, proven: [] },
        clock,
      );
      const flow = await findFlow(store.db, opened.token, clock);
      if (flow === null) throw new Error('no flow');
      const outcome = await sendFlowCode(deps(), flow, { clientIp, userAgent: 'vitest' });
      return outcome.status === 'ok' ? 'ok' : (outcome.code ?? outcome.status);
    }
    const times = async (n: number, clientIp: string): Promise<string[]> => {
      const answers: string[] = [];
      for (let i = 0; i < n; i += 1) answers.push(await codeFrom(clientIp));
      return answers;
    };

    it('lets a stranger at one client address keep no code from the person at another', async () => {
      clock = at;
      expect(await times(6, '203.0.113.66')).toEqual([...Array(5).fill('ok'), 'RATE_LIMITED']);
      // Before, the address typed had one window for everyone: the person's own request was refused too.
      expect(await codeFrom('198.51.100.7')).toBe('ok');
    });

    // Each password sign-in from a fresh browser hands out a new device id, each with 5 codes in 15
    // minutes of its own: without a ceiling for them all, the password's holder mails without end.
    it('mails the address typed at most 40 codes an hour for browsers with a device cookie, however many', async () => {
      clock = at;
      const fromDevice = async (device: string, host: number): Promise<string> => {
        const opened = await openFlow(
          store.db,
          { email: 'ann@contoso.example', user: null, needed: 1, proven: [] },
          clock,
        );
        const flow = await findFlow(store.db, opened.token, clock);
        if (flow === null) throw new Error('no flow');
        const outcome = await sendFlowCode(deps(), flow, {
          clientIp: `198.51.100.${host}`,
          userAgent: 'vitest',
          device,
        });
        return outcome.status === 'ok' ? 'ok' : JSON.stringify(outcome);
      };
      const answers: string[] = [];
      for (let n = 1; n <= 8; n += 1)
        for (let i = 0; i < 5; i += 1) answers.push(await fromDevice(`d${n}`, n));
      expect(answers).toEqual(Array(40).fill('ok'));
      // A ninth device at a ninth address, which asked for none: refused by the devices' ceiling alone,
      // named as the whole hour (its start would tell when another device last asked).
      expect(await fromDevice('d9', 9)).toBe(
        JSON.stringify({
          status: 'refused',
          code: 'RATE_LIMITED',
          limit: { reason: 'codes_sent', minutesLeft: 60 },
        }),
      );
      // Strangers never count there: a browser with no standing still gets its code.
      expect(await codeFrom('203.0.113.9')).toBe('ok');
      // The next hour starts afresh.
      clock = at + 3_600_000 + 1;
      expect(await fromDevice('d9', 9)).toBe('ok');
    });

    it('mails the address typed at most 20 codes an hour, which takes strangers at four client addresses', async () => {
      clock = at;
      for (const host of [1, 2, 3, 4])
        expect(await times(5, `203.0.113.${host}`)).toEqual(Array(5).fill('ok'));
      expect(await codeFrom('203.0.113.5')).toBe('RATE_LIMITED');
      // The next hour starts afresh.
      clock = at + 3_600_000 + 1;
      expect(await codeFrom('203.0.113.5')).toBe('ok');
    });
  });
});

describe('sendFlowCode() at the strangers’ ceiling', () => {
  /** What the mail sender does with every `reset_request` row queued: a code, or a notice, or nothing. */
  async function resolveRequests(): Promise<void> {
    await resolveResetRequests(store.db, resetDeps(store.db));
  }

  // Telling the person is decided off the request, like the code: filling the ceiling must not tell a
  // stranger, by the answers or the work (its time), whether the address typed has an account.
  it('answers and works the same for a known and an unknown address; only the mail sender tells the person', async () => {
    const ann = await addAnn();
    const answers = [];
    const statements = [];
    for (const [email, account] of [
      ['ann@contoso.example', ann],
      ['nobody@contoso.example', null],
    ] as const) {
      const codeFrom = async (clientIp: string, db = store.db) => {
        const opened = await openFlow(store.db, { email, user: account, needed: 1, proven: [] }, at);
        const flow = await findFlow(store.db, opened.token, at);
        if (flow === null) throw new Error('no flow');
        return sendFlowCode(resetDeps(db), flow, { clientIp, userAgent: 'vitest' });
      };
      for (const host of [1, 2, 3, 4])
        for (let i = 0; i < 5; i += 1) expect(await codeFrom(`203.0.113.${host}`)).toEqual({ status: 'ok' });
      // The 21st and 22nd, refused by the ceiling alone (their clients asked for none before).
      const recording = recordedSql(store.db);
      answers.push([
        await codeFrom('203.0.113.5', recording.db),
        await codeFrom('203.0.113.6', recording.db),
      ]);
      statements.push(recording.sql);
    }
    expect(answers[0]).toEqual([
      { status: 'refused', code: 'RATE_LIMITED', limit: { reason: 'codes_sent', minutesLeft: 60 } },
      { status: 'refused', code: 'RATE_LIMITED', limit: { reason: 'codes_sent', minutesLeft: 60 } },
    ]);
    expect(answers[1]).toEqual(answers[0]);
    expect(statements[1]).toEqual(statements[0]);
    // Each address's 20 codes, and one notice asked for (the 22nd found the day's slot taken), all sealed.
    const kinds = async () =>
      (await store.db.selectFrom('mail_queue').select(['kind', 'to_address']).execute()).map(
        (row) => `${row.kind} ${row.to_address}`,
      );
    expect(await kinds()).toEqual(Array(42).fill('reset_request '));

    await resolveRequests();
    const mails = await kinds();
    expect(mails.filter((mail) => mail.startsWith('security_notice')).sort()).toEqual([
      'security_notice ann@contoso.example',
      'security_notice ann@home.example',
    ]);
    expect(mails.filter((mail) => mail.startsWith('email_code'))).toEqual(
      Array(20).fill('email_code ann@home.example'),
    );
    expect(mails).toHaveLength(22);
  });
});

describe('sendFlowCode() refused by a ceiling', () => {
  let clock = at;
  const deps = () => resetDeps(store.db, () => new Date(clock));

  /** A new flow for `email` (as typed at /reset, with its account or none), and one code asked for in it. */
  async function codeFor(
    email: string,
    origin: { clientIp: string; device?: string },
    user: Selectable<Database['users']> | null = null,
  ): Promise<string> {
    const opened = await openFlow(store.db, { email, user, needed: 1, proven: [] }, clock);
    const flow = await findFlow(store.db, opened.token, clock);
    if (flow === null) throw new Error('no flow');
    const outcome = await sendFlowCode(deps(), flow, { userAgent: 'vitest', ...origin });
    return outcome.status === 'ok' ? 'ok' : (outcome.code ?? outcome.status);
  }

  /** The audit rows of codes asked for and refused, as [user id, client address, refusal code, changes]. */
  async function refusalsAudited(): Promise<unknown[][]> {
    const rows = await store.db
      .selectFrom('audit_events')
      .select('body')
      .where('event_type', '=', 'user_second_factor_attempt')
      .execute();
    return rows.map((row) => {
      const event = JSON.parse(row.body) as {
        resource: { id: string | null; username: string };
        client_ip: string;
        success: boolean;
        error_message: string | null;
        changes: unknown[];
      };
      return [
        event.resource.id,
        event.resource.username,
        event.client_ip,
        event.success,
        event.error_message,
        event.changes,
      ];
    });
  }

  // A reviewer must see that someone was kept from a code because strangers used up the person's hour,
  // as a lock's refusal shows; each refusal counts on the client's own windows first, which bound the rows.
  it('audits each refusal at the strangers’ ceiling with its code, as a lock’s refusal is, within the client’s own limit', async () => {
    clock = at;
    const ann = await addAnn();
    for (const [email, account] of [
      ['ann@contoso.example', ann],
      ['nobody@contoso.example', null],
    ] as const) {
      for (const host of [1, 2, 3, 4])
        for (let i = 0; i < 5; i += 1)
          expect(await codeFor(email, { clientIp: `203.0.113.${host}` }, account)).toBe('ok');
      // Codes mailed leave no row; the ceiling's refusals one each, until the client's own 5 an hour for
      // the address typed refuse it first: those leave none.
      const answers = [];
      for (let i = 0; i < 7; i += 1) answers.push(await codeFor(email, { clientIp: '203.0.113.5' }, account));
      expect(answers).toEqual(Array(7).fill('RATE_LIMITED'));
      const row = [
        account?.id ?? null,
        email,
        '203.0.113.5',
        false,
        'RATE_LIMITED',
        [
          { field: 'factor', to: 'personal_email' },
          { field: 'flow', to: 'reset' },
        ],
      ];
      expect((await refusalsAudited()).filter((event) => event[1] === email)).toEqual(Array(5).fill(row));
    }
  });

  // Someone who holds the password keeps asking: the notice sends the person to their IT support, who must
  // find those refusals, and where they came from, in the audit log, as at the strangers' ceiling. A
  // device's own window refusing leaves none (it stops only that browser, and bounds the rows).
  it('audits each refusal at the devices’ ceiling with its client address, a device’s own window’s none', async () => {
    clock = at;
    const ann = await addAnn();
    const email = 'ann@contoso.example';
    for (let n = 1; n <= 8; n += 1)
      for (let i = 0; i < 5; i += 1)
        expect(await codeFor(email, { clientIp: `198.51.100.${n}`, device: `d${n}` }, ann)).toBe('ok');
    expect(await codeFor(email, { clientIp: '198.51.100.1', device: 'd1' }, ann)).toBe('RATE_LIMITED');
    expect(await refusalsAudited()).toEqual([]);
    for (const n of [9, 10])
      expect(await codeFor(email, { clientIp: `198.51.100.${n}`, device: `d${n}` }, ann)).toBe(
        'RATE_LIMITED',
      );
    const row = (clientIp: string) => [
      ann.id,
      email,
      clientIp,
      false,
      'RATE_LIMITED',
      [
        { field: 'factor', to: 'personal_email' },
        { field: 'flow', to: 'reset' },
      ],
    ];
    const audited = (await refusalsAudited()).sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    expect(audited).toEqual([row('198.51.100.10'), row('198.51.100.9')]);
  });

  // Only someone who signed in with the password has a device cookie: browsers with one filling their
  // hour means someone who holds the password is asking for code after code. The person is told, once.
  it('tells the person once a day when browsers with a device cookie fill their hour; their own window tells nobody', async () => {
    clock = at;
    await addAnn();
    const ann = 'ann@contoso.example';
    // A device's own 5 in 15 minutes refusing: no notice (it stops only that browser).
    for (let i = 0; i < 5; i += 1)
      expect(await codeFor(ann, { clientIp: '198.51.100.1', device: 'd1' })).toBe('ok');
    expect(await codeFor(ann, { clientIp: '198.51.100.1', device: 'd1' })).toBe('RATE_LIMITED');
    const requests = () =>
      store.db.selectFrom('mail_queue').select('id').where('kind', '=', 'reset_request').execute();
    expect(await requests()).toHaveLength(5);
    for (let n = 2; n <= 8; n += 1)
      for (let i = 0; i < 5; i += 1)
        expect(await codeFor(ann, { clientIp: `198.51.100.${n}`, device: `d${n}` })).toBe('ok');
    // The 41st and 42nd: refused by the devices' hour; one notice asked for (the day's slot, then taken).
    expect(await codeFor(ann, { clientIp: '198.51.100.9', device: 'd9' })).toBe('RATE_LIMITED');
    expect(await codeFor(ann, { clientIp: '198.51.100.10', device: 'd10' })).toBe('RATE_LIMITED');
    expect(await requests()).toHaveLength(41);
    // The next hour, filled again the same day: not told again.
    clock = at + 3_600_000 + 1;
    for (let n = 11; n <= 18; n += 1)
      for (let i = 0; i < 5; i += 1)
        expect(await codeFor(ann, { clientIp: `198.51.100.${n}`, device: `d${n}` })).toBe('ok');
    expect(await codeFor(ann, { clientIp: '198.51.100.19', device: 'd19' })).toBe('RATE_LIMITED');
    expect(await requests()).toHaveLength(81);

    await resolveResetRequests(store.db, resetDeps(store.db));
    const notices = await store.db
      .selectFrom('mail_queue')
      .select(['id', 'to_address', 'payload'])
      .where('kind', '=', 'security_notice')
      .orderBy('to_address')
      .execute();
    expect(notices.map((row) => row.to_address)).toEqual(['ann@contoso.example', 'ann@home.example']);
    const sealer = resetDeps(store.db).mailSealer;
    const subjects = notices.map(
      (row) =>
        (JSON.parse(sealer.open(row.payload ?? new Uint8Array(), mailSealContext(row.id))) as MailContent)
          .subject,
    );
    expect(subjects).toEqual(
      Array(2).fill(
        'Someone who knows your password is asking for codes to reset the password of your Passgate account',
      ),
    );
  });
});
