import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedSql } from '../../test-support/recorded-sql.js';
import { resolveResetRequests } from '../../test-support/resolve-reset-requests.js';
import { hashOpaqueToken } from '../accounts/opaque-token.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
import type { MailContent } from '../mail/compose-mail.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import { generateRecoveryCodes } from '../recovery/recovery-codes.js';
import { createRecoveryDeps } from '../recovery/recovery-deps.js';
import { openStore, type Store } from '../store/open-store.js';
import { createResetFlows } from './create-reset-flows.js';
import type { ResetDeps } from './reset-deps.js';
import type { ResetFlowService } from './reset-flow-service.js';

// Wrong mailed codes at /reset through the real flow, store and mail sender's resolving, on a simulated
// clock: a stranger starts flow after flow, asking a code in each, so a code's 5 tries and a flow's 10
// wrong codes alone bound nothing.

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const t0 = Date.parse('2026-03-02T09:00:00Z');
const ann = 'ann@contoso.example';
const nobody = 'nobody@contoso.example';
let clock = t0;
let store: Store;
let annSpare: string[] = [];

/** The reset flow's deps over `db` (a recording one where the statements are compared). */
function resetDeps(db: Store['db']): ResetDeps {
  const config = parseConfig(
    {
      publicUrl: 'https://passwords.contoso.example',
      secretKey: KEY,
      recovery: { newMethodCoolingOffHours: 0 },
      // Codes typed and flows begun per client address, whatever the address typed, out of the way.
      rateLimits: { perAddress: { max: 1000 }, resetPerAddress: { max: 1000 } },
    },
    {},
  );
  const now = (): Date => new Date(clock);
  const recovery = createRecoveryDeps({ db, config, mailSender: null, now });
  return {
    db,
    config,
    sealer: createSealer(config.secretKey, 'outbox'),
    mailSealer: recovery.mailSealer,
    mailSender: null,
    worker: null,
    logger: pino({ level: 'silent' }),
    now,
    codes: recovery.codes,
    totpSealer: recovery.totpSealer,
  };
}

const resets = (db = store.db): ResetFlowService => createResetFlows(resetDeps(db));
const origin = (clientIp: string) => ({ clientIp, userAgent: 'vitest' });

beforeEach(async () => {
  clock = t0;
  store = await openStore(':memory:');
  // Ann: a personal address (where her codes go) and recovery codes (her other method).
  const id = await addUser(store.db, { email: ann, password: null }, new Date(t0));
  await store.db.updateTable('users').set({ status: 'active' }).where('id', '=', id).execute();
  await store.db
    .insertInto('recovery_methods')
    .values({
      id: 'home-1',
      user_id: id,
      kind: 'personal_email',
      label: 'Personal e-mail',
      created_at: t0,
      confirmed_at: t0,
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
  const made = await generateRecoveryCodes(
    createRecoveryDeps({
      db: store.db,
      config: resetDeps(store.db).config,
      mailSender: null,
      now: () => new Date(clock),
    }),
    { id, email: ann, display_name: null },
    null,
  );
  if (made.status !== 'ok') throw new Error(made.code);
  annSpare = made.codes;
});
afterEach(() => store.close());

/**
 * What the mail sender does with every `reset_request` queued (it records where a code went, which a
 * right code needs); returns the codes the flows asked for, by flow.
 */
async function resolveRequests(): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  for (const said of await resolveResetRequests(store.db, resetDeps(store.db))) {
    const request = JSON.parse(said) as { type: string; tokenHash?: string; code?: string };
    if (request.type === 'flow_code' && request.tokenHash && request.code)
      codes.set(request.tokenHash, request.code);
  }
  return codes;
}

/** A new flow for `email` from `clientIp`, with a code asked for in it: its token and the code mailed. */
async function flowWithCode(service: ResetFlowService, email: string, clientIp: string) {
  const started = await service.start({ email, ...origin(clientIp) });
  if (started.status !== 'ok') throw new Error(started.code);
  const { token } = started.grant;
  const code = await askCode(service, token, clientIp);
  return { token, code };
}

/** A new code asked for in the flow: the code mailed (read off the sealed request as the mail sender does). */
async function askCode(service: ResetFlowService, token: string, clientIp: string): Promise<string> {
  const sent = await service.sendCode(token, origin(clientIp));
  if (sent.status !== 'ok') throw new Error(sent.code);
  const code = (await resolveRequests()).get(hashOpaqueToken(token));
  if (code === undefined) throw new Error('no code queued');
  return code;
}

const wrongFor = (code: string): string => (code === '000000' ? '111111' : '000000');

/** Ann's account row. */
const annAccount = () =>
  store.db.selectFrom('users').select('id').where('email', '=', ann).executeTakeFirstOrThrow();

describe('proveFactor() on mailed codes', () => {
  // 5 tries a code and 10 wrong codes a flow bounded nothing: 20 codes an hour × 5 tries, every hour.
  it('refuses every mailed code after 100 wrong ones a day for the address typed, the right one too, until the day is over', async () => {
    const answers: Record<string, unknown[]> = {};
    const statements: Record<string, string[]> = {};
    for (const email of [ann, nobody]) {
      clock = t0;
      const recording = recordedSql(store.db);
      const service = resets(recording.db);
      const seen: unknown[] = [];
      let own = { token: '', code: '' };
      // Ten strangers' flows, each at a client address of its own, ten minutes apart (under the codes'
      // hourly windows): two codes each, five wrong tries at each code (so each flow ends). The person,
      // on a new browser at another address, asks for a code just before the last of them.
      for (let n = 0; n < 10; n += 1) {
        if (n > 0) clock += 10 * 60_000;
        if (n === 9) own = await flowWithCode(service, email, '198.51.100.7');
        const ip = `203.0.113.${n + 1}`;
        const { token, code } = await flowWithCode(service, email, ip);
        for (let i = 0; i < 5; i += 1)
          seen.push(await service.prove(token, { factor: 'email_code', code: wrongFor(code) }, origin(ip)));
        const second = await askCode(service, token, ip);
        for (let i = 0; i < 5; i += 1)
          seen.push(await service.prove(token, { factor: 'email_code', code: wrongFor(second) }, origin(ip)));
      }
      expect(seen.filter((answer) => (answer as { code?: string }).code === 'RESET_LOCKED')).toEqual([]);

      // Her right code, typed now: refused unchecked (its tries are not spent), with the refusal the
      // authenticator's ceiling gives.
      const refused = await service.prove(
        own.token,
        { factor: 'email_code', code: own.code },
        origin('198.51.100.7'),
      );
      expect(refused).toEqual({ status: 'refused', code: 'RESET_LOCKED' });
      seen.push(refused);
      const tries = await store.db
        .selectFrom('reset_flows')
        .select('code_tries')
        .where('token_hash', '=', hashOpaqueToken(own.token))
        .executeTakeFirstOrThrow();
      expect(tries.code_tries).toBe(0);
      answers[email] = seen;
      statements[email] = [...recording.sql];

      // Her other method still works, in that flow.
      if (email === ann)
        expect(
          await service.prove(
            own.token,
            { factor: 'recovery_code', code: annSpare[0] ?? '' },
            origin('198.51.100.7'),
          ),
        ).toEqual({ status: 'ok', complete: true });
    }
    // An address with no account gets the same answers, and its steps run the same statements.
    expect(answers[nobody]).toEqual(answers[ann]);
    expect(statements[ann]?.length).toBeGreaterThan(0);
    expect(statements[nobody]).toEqual(statements[ann]);

    // A day after the ceiling engaged it counts from nothing again.
    clock += 86_400_000 + 60_000;
    const later = await flowWithCode(resets(), ann, '198.51.100.8');
    expect(
      await resets().prove(later.token, { factor: 'email_code', code: later.code }, origin('198.51.100.8')),
    ).toEqual({ status: 'ok', complete: true });
  });

  // A flow with no live code (none asked for, or spent) cannot be guessed into: such tries must not count,
  // or strangers fill the day ceiling without one code reaching the person, and nobody is told.
  it('counts no try in a flow without a code that can still be typed', async () => {
    const service = resets();
    for (let n = 0; n < 10; n += 1) {
      const ip = `203.0.113.${n + 1}`;
      const started = await service.start({ email: ann, ...origin(ip) });
      if (started.status !== 'ok') throw new Error(started.code);
      for (let i = 0; i < 10; i += 1)
        expect(
          await service.prove(started.grant.token, { factor: 'email_code', code: '123456' }, origin(ip)),
        ).toMatchObject({ status: 'refused' });
    }
    const own = await flowWithCode(service, ann, '198.51.100.7');
    expect(
      await service.prove(own.token, { factor: 'email_code', code: own.code }, origin('198.51.100.7')),
    ).toEqual({ status: 'ok', complete: true });
  });
});

describe('sendCode() while wrong mailed codes rest', () => {
  /** Strangers at ten client addresses fill the ceiling on wrong mailed codes for `email` (100 in 100 minutes). */
  async function fillCeiling(service: ResetFlowService, email: string): Promise<void> {
    for (let n = 0; n < 10; n += 1) {
      const ip = `203.0.113.${n + 1}`;
      const { token, code } = await flowWithCode(service, email, ip);
      for (let i = 0; i < 5; i += 1)
        await service.prove(token, { factor: 'email_code', code: wrongFor(code) }, origin(ip));
      const second = await askCode(service, token, ip);
      for (let i = 0; i < 5; i += 1)
        await service.prove(token, { factor: 'email_code', code: wrongFor(second) }, origin(ip));
      clock += 10 * 60_000;
    }
  }

  /** The notices of a ceiling at /reset queued (not those of methods added), as address and subject. */
  async function notices(): Promise<string[][]> {
    const deps = resetDeps(store.db);
    const rows = await store.db
      .selectFrom('mail_queue')
      .select(['id', 'to_address', 'payload'])
      .where('kind', '=', 'security_notice')
      .orderBy('to_address')
      .execute();
    return rows
      .map((row) => {
        const content = JSON.parse(
          deps.mailSealer.open(row.payload ?? new Uint8Array(), mailSealContext(row.id)),
        ) as MailContent;
        return [row.to_address, content.subject];
      })
      .filter(([, subject]) => subject?.startsWith('Someone is'));
  }

  /** What is counted on `key` now (0 without a row). */
  const counted = async (key: string): Promise<number> =>
    Number(
      (await store.db.selectFrom('counters').select('count').where('key', '=', key).executeTakeFirst())
        ?.count ?? 0,
    );

  /** The last audit event's sequence number (0 with none). */
  const lastSeq = async (): Promise<number> =>
    Number(
      (await store.db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').executeTakeFirst())
        ?.seq ?? 0,
    );

  /** The audit events recorded after `seq`, without what differs by design (ids, time). */
  async function auditedAfter(seq: number): Promise<unknown[]> {
    const rows = await store.db
      .selectFrom('audit_events')
      .select(['user_id', 'body'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .execute();
    return rows.map((row) => {
      const {
        id: _id,
        timestamp: _at,
        correlation: _correlation,
        ...event
      } = JSON.parse(row.body) as Record<string, unknown>;
      return { user_id: row.user_id, ...event };
    });
  }

  /** A refusal as proveFactor audits a typed code the locks refuse: the kind, never a code. */
  const lockedAudit = (email: string, userId: string | null, clientIp: string) => ({
    user_id: userId,
    event_type: 'user_second_factor_attempt',
    resource: { type: 'user', id: userId, username: email },
    changes: [
      { field: 'factor', to: 'personal_email' },
      { field: 'flow', to: 'reset' },
    ],
    initiated_by: { type: 'user', ...(userId === null ? {} : { id: userId }), email },
    client_ip: clientIp,
    useragent: 'vitest',
    success: false,
    error_message: 'RESET_LOCKED',
  });

  /** The code hash the flow holds: null while none was ever asked for. */
  const codeHashOf = async (token: string): Promise<string | null> =>
    (
      await store.db
        .selectFrom('reset_flows')
        .select('code_hash')
        .where('token_hash', '=', hashOpaqueToken(token))
        .executeTakeFirstOrThrow()
    ).code_hash;

  // A code mailed then would be refused unchecked when typed: the person would wait for a code that can
  // never work. The refusal is the one a typed code gets, and says nothing of whether the address exists.
  it('mails no code to a browser without standing, answers as a typed code is answered, and tells the person once', async () => {
    const answers: Record<string, unknown[]> = {};
    const statements: Record<string, string[]> = {};
    for (const email of [ann, nobody]) {
      clock = t0;
      await fillCeiling(resets(), email);
      await resolveRequests();
      const recording = recordedSql(store.db);
      const service = resets(recording.db);
      const seen: unknown[] = [];
      const audited: unknown[] = [];
      for (const ip of ['198.51.100.7', '198.51.100.8']) {
        const started = await service.start({ email, ...origin(ip) });
        if (started.status !== 'ok') throw new Error(started.code);
        const before = await lastSeq();
        seen.push(await service.sendCode(started.grant.token, origin(ip)));
        audited.push(...(await auditedAfter(before)));
        expect(await codeHashOf(started.grant.token)).toBeNull();
        expect((await resolveRequests()).size).toBe(0);
      }
      expect(seen).toEqual([
        { status: 'refused', code: 'RESET_LOCKED' },
        { status: 'refused', code: 'RESET_LOCKED' },
      ]);
      // Each refusal leaves a trace, as a typed code's does; with no user id where there is no account.
      const userId = email === ann ? (await annAccount()).id : null;
      expect(audited).toEqual([
        lockedAudit(email, userId, '198.51.100.7'),
        lockedAudit(email, userId, '198.51.100.8'),
      ]);
      answers[email] = seen;
      statements[email] = [...recording.sql];
    }
    expect(answers[nobody]).toEqual(answers[ann]);
    expect(statements[nobody]).toEqual(statements[ann]);
    // Ann was told when the ceiling engaged, at her work and personal addresses; nobody else, and once.
    const subject = 'Someone is guessing e-mailed codes to reset the password of your Passgate account';
    expect(await notices()).toEqual([
      [ann, subject],
      ['ann@home.example', subject],
    ]);
  });

  // A refusal mails nothing but is no free request: counted on nothing, one client address could ask
  // without end, each answer a write (the notice's slot, upserted again) and no trace left.
  it('counts each code it refuses on the client’s own windows, which then refuse it, and reads the day’s notice slot', async () => {
    clock = t0;
    await fillCeiling(resets(), ann);
    expect(await counted(`reset-24h:mailed-notice:${ann}`)).toBe(1);
    const service = resets();
    const ip = '198.51.100.7';
    const started = await service.start({ email: ann, ...origin(ip) });
    if (started.status !== 'ok') throw new Error(started.code);
    const before = await lastSeq();
    const ceilingBefore = await counted(`reset-24h:code-all:${ann}`);
    const seen: unknown[] = [];
    for (let i = 0; i < 8; i += 1) seen.push(await service.sendCode(started.grant.token, origin(ip)));
    // The client's 5 codes an hour for the address typed: past them, its own limit answers.
    expect(seen).toEqual([
      ...Array(5).fill({ status: 'refused', code: 'RESET_LOCKED' }),
      ...Array(3).fill({
        status: 'refused',
        code: 'RATE_LIMITED',
        limit: { reason: 'codes_sent', minutesLeft: 60 },
      }),
    ]);
    expect(await counted(`reset-code-addr:${ip}`)).toBe(8);
    expect(await counted(`reset-24h:code-client:${ann}#${ip}`)).toBe(8);
    // The strangers' hourly ceiling on codes mailed is not spent by codes never mailed.
    expect(await counted(`reset-24h:code-all:${ann}`)).toBe(ceilingBefore);
    // The day's notice slot, taken when the ceiling engaged, was read, not counted again.
    expect(await counted(`reset-24h:mailed-notice:${ann}`)).toBe(1);
    // Each lock's refusal audited; the window's, like any rate-limited code asked for, not.
    expect(await auditedAfter(before)).toEqual(Array(5).fill(lockedAudit(ann, (await annAccount()).id, ip)));
  });

  // Strangers cannot fill the locks of the person's own browser (a device cookie), nor those of a flow
  // that proved another method: the notice sends her there, and there codes still come and work.
  it('still mails codes that work to a browser with a device cookie, and to a flow that proved another method', async () => {
    clock = t0;
    const service = resets();
    await fillCeiling(service, ann);
    const device = { ...origin('198.51.100.7'), device: 'd1' };
    const started = await service.start({ email: ann, ...device });
    if (started.status !== 'ok') throw new Error(started.code);
    expect(await service.sendCode(started.grant.token, device)).toEqual({ status: 'ok' });
    const code = (await resolveRequests()).get(hashOpaqueToken(started.grant.token)) ?? '';
    expect(await service.prove(started.grant.token, { factor: 'email_code', code }, device)).toEqual({
      status: 'ok',
      complete: true,
    });

    const other = await service.start({ email: ann, ...origin('198.51.100.8') });
    if (other.status !== 'ok') throw new Error(other.code);
    const token = other.grant.token;
    expect(await service.sendCode(token, origin('198.51.100.8'))).toEqual({
      status: 'refused',
      code: 'RESET_LOCKED',
    });
    await service.prove(token, { factor: 'recovery_code', code: annSpare[1] ?? '' }, origin('198.51.100.8'));
    expect(await service.sendCode(token, origin('198.51.100.8'))).toEqual({ status: 'ok' });
  });

  // One guesser's short lock rests that client address only: the person elsewhere still gets a code.
  it('refuses a code to a client address whose own lock rests, and mails one to another', async () => {
    clock = t0;
    const service = resets();
    const guesser = '203.0.113.50';
    for (let n = 0; n < 2; n += 1) {
      const { token, code } = await flowWithCode(service, ann, guesser);
      for (let i = 0; i < 5; i += 1)
        await service.prove(token, { factor: 'email_code', code: wrongFor(code) }, origin(guesser));
    }
    const again = await service.start({ email: ann, ...origin(guesser) });
    if (again.status !== 'ok') throw new Error(again.code);
    expect(await service.sendCode(again.grant.token, origin(guesser))).toEqual({
      status: 'refused',
      code: 'RESET_LOCKED',
    });
    const own = await flowWithCode(service, ann, '198.51.100.7');
    expect(
      await service.prove(own.token, { factor: 'email_code', code: own.code }, origin('198.51.100.7')),
    ).toEqual({ status: 'ok', complete: true });
    // No notice: one client's own lock is no ceiling.
    expect(await notices()).toEqual([]);
  });
});
