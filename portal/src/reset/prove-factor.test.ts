import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedSql } from '../../test-support/recorded-sql.js';
import { resolveResetRequests } from '../../test-support/resolve-reset-requests.js';
import { hashOpaqueToken } from '../accounts/opaque-token.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
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
      // Ten strangers' flows, each at a client address of its own, ten minutes apart (under the codes'
      // hourly windows): two codes each, five wrong tries at each code (so each flow ends).
      for (let n = 0; n < 10; n += 1) {
        const ip = `203.0.113.${n + 1}`;
        const { token, code } = await flowWithCode(service, email, ip);
        for (let i = 0; i < 5; i += 1)
          seen.push(await service.prove(token, { factor: 'email_code', code: wrongFor(code) }, origin(ip)));
        const second = await askCode(service, token, ip);
        for (let i = 0; i < 5; i += 1)
          seen.push(await service.prove(token, { factor: 'email_code', code: wrongFor(second) }, origin(ip)));
        clock += 10 * 60_000;
      }
      expect(seen.filter((answer) => (answer as { code?: string }).code === 'RESET_LOCKED')).toEqual([]);

      // The person, on a new browser at another address, with the right code: refused unchecked (its
      // tries are not spent), with the refusal the authenticator's ceiling gives.
      const own = await flowWithCode(service, email, '198.51.100.7');
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

    // A day later it counts from nothing again.
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
