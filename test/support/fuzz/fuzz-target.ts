import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, createApp, suspendUser } from '@passgate/portal';
import type { Hono } from 'hono';
import { type SmtpSink, startSmtpSink } from '../smtp-sink.js';
import { solvedChallenge } from '../solve-page-challenge.js';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../start-portal.js';
import {
  KNOWN_PASSWORDS,
  PENDING_EMAIL,
  type SecretName,
  STRONG_PASSWORDS,
  SUSPENDED_USER,
} from './fuzz-values.js';
import { secretIssuer } from './issue-secrets.js';
import type { FuzzContext } from './materialise-case.js';
import type { KnownSecrets } from './request-authority.js';
import { StateWatcher } from './state-snapshot.js';

/**
 * A real portal to fuzz (real store, services and Microsoft 365 emulator) with the worker, mail sender
 * and scheduler off, so the only writes are the ones requests cause. It is reachable two ways: an
 * in-process app (trustProxy on, so X-Forwarded-For is fuzzed too) and a listening server at `origin`.
 * It hands out live secrets to put in cases: two CSRF pairs, an expired user's session, a reset link,
 * a welcome link and a solved proof of work, renewed when a case has used them up.
 */
export interface FuzzTarget {
  app: Hono;
  /** The public origin, where the real server listens. */
  origin: string;
  state: StateWatcher;
  /** Log lines written since the last clear (JSON). */
  logs: string[];
  context(): FuzzContext;
  known(): KnownSecrets;
  /** Issues a new session or link when the last one was used or ended. */
  renewSecrets(): Promise<void>;
  close(): Promise<void>;
}

const ADMIN = { type: 'admin', id: 'fuzz' } as const;
const ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef0123456789';

/** A packed extension as `passgate extension pack` leaves it, so every extension route can answer 200. */
async function fakeArtefacts(dir: string): Promise<void> {
  const crx = randomBytes(64);
  await writeFile(join(dir, 'passgate.crx'), crx);
  await writeFile(join(dir, 'passgate.xpi'), randomBytes(64));
  const release = {
    extensionId: 'abcdefghijklmnopabcdefghijklmnop',
    version: '1.2.3',
    crxSha256: createHash('sha256').update(crx).digest('hex'),
    geckoId: 'passgate@example.org',
    firefoxVersion: '1.2.3',
    packedAt: new Date().toISOString(),
  };
  await writeFile(join(dir, 'release.json'), JSON.stringify(release));
  await writeFile(join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

interface CsrfPair {
  secret: string;
  token: string;
  at: number;
}

/** A CSRF cookie secret and a form token signed for it, as GET /change hands them out (for `secret`, if given). */
async function csrfPair(app: Hono, origin: string, secret?: string): Promise<CsrfPair> {
  const headers: Record<string, string> = secret === undefined ? {} : { Cookie: `passgate-csrf=${secret}` };
  const response = await app.request(`${origin}/change`, { headers });
  const html = await response.text();
  const issued = secret ?? /passgate-csrf=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (issued === undefined || token === undefined)
    throw new Error('GET /change gave no CSRF cookie and token');
  return { secret: issued, token, at: Date.now() };
}

/** Form tokens live two hours (csrf-protection.ts); long runs take fresh ones well before. */
const CSRF_RENEW_MS = 60 * 60_000;

export async function startFuzzTarget(): Promise<FuzzTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'passgate-fuzz-'));
  // The database on tmpfs where there is one: every accepted form commits with a full fsync, and
  // thousands of those on a disk shared with other jobs cost more than the requests themselves.
  const dbDir = existsSync('/dev/shm') ? await mkdtemp('/dev/shm/passgate-fuzz-') : dir;
  const sink = await startSmtpSink();
  let test: TestPortal | undefined;
  const close = async (): Promise<void> => {
    await test?.close();
    await sink.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(dbDir, { recursive: true, force: true });
  };
  try {
    await fakeArtefacts(dir);
    test = await startFuzzPortal(dir, dbDir, sink);
    return await fuzzTargetOn(test, sink, close);
  } catch (error) {
    await close();
    throw error;
  }
}

function startFuzzPortal(dir: string, dbDir: string, sink: SmtpSink): Promise<TestPortal> {
  return startTestPortal({
    users: [...DEFAULT_TEST_USERS, SUSPENDED_USER],
    // Limits well above the default, so known accounts stay reachable for a CI-sized run; longer runs
    // still reach RATE_LIMITED and ACCOUNT_LOCKED.
    policy: { lockout: { maxAttempts: 100, durationSeconds: 300, resetCounterMinutes: 15 } },
    startWorker: false,
    startBackground: false,
    config: {
      // Nothing waits for Microsoft 365: an accepted change answers "queued" at once.
      sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 0 },
      rateLimits: {
        perAccount: { max: 100, windowSeconds: 900 },
        perAddress: { max: 1000, windowSeconds: 900 },
        resetPerAccount: { max: 100, windowSeconds: 3600 },
        resetPerAddress: { max: 1000, windowSeconds: 3600 },
      },
      database: join(dbDir, 'passgate.sqlite'),
      mail: sink.mailConfig,
      extension: { artefactsDir: dir, adminToken: ADMIN_TOKEN },
      organisation: { name: 'Fuzz Org', logoPath: join(dir, 'logo.svg') },
      // Password checks from one address ask for the proof of work only after many failures, so cases
      // also reach the services without the one live solution; /reset always asks.
      bots: { difficulty: 20, signInFailuresBeforeChallenge: 1000 },
    },
  });
}

async function fuzzTargetOn(
  test: TestPortal,
  sink: SmtpSink,
  close: () => Promise<void>,
): Promise<FuzzTarget> {
  const { portal } = test;
  const { db } = portal.store;
  await addUser(db, { email: PENDING_EMAIL, password: null }, new Date());
  await suspendUser(portal.adminDeps, SUSPENDED_USER.email, new Date(), ADMIN);
  const [known] = KNOWN_PASSWORDS;
  const issue = secretIssuer(portal, sink, known ?? '');

  const app = createApp({
    config: { ...test.config, trustProxy: true },
    accounts: portal.accounts,
    challenges: portal.challenges,
    resets: portal.resets,
    logger: portal.logger,
    checkReadiness: async () => ({ ready: true }),
  });
  let csrf = [await csrfPair(app, test.url), await csrfPair(app, test.url)] as const;
  const csrfPairs: CsrfPair[] = [...csrf];
  const issued = new Set<string>();
  const secrets: Record<SecretName, string> = {
    csrfToken: csrf[0].token,
    csrfSecret: csrf[0].secret,
    otherCsrfToken: csrf[1].token,
    otherCsrfSecret: csrf[1].secret,
    sessionToken: '',
    resetToken: '',
    activationToken: '',
    adminToken: ADMIN_TOKEN,
    challengeSolution: '',
  };
  /** The signature of the challenge `challengeSolution` solves: once it is spent, a new one is solved. */
  let challengeSignature = '';

  async function renewSecrets(): Promise<void> {
    const { accounts } = portal;
    if (Date.now() - csrf[0].at > CSRF_RENEW_MS) {
      csrf = [await csrfPair(app, test.url, csrf[0].secret), await csrfPair(app, test.url, csrf[1].secret)];
      csrfPairs.push(...csrf);
      secrets.csrfToken = csrf[0].token;
      secrets.otherCsrfToken = csrf[1].token;
    }
    if (secrets.sessionToken === '' || (await accounts.getSession(secrets.sessionToken)) === null) {
      secrets.sessionToken = await issue.session();
    }
    if (secrets.resetToken === '' || (await accounts.getLink(secrets.resetToken, 'reset')) === null) {
      secrets.resetToken = await issue.resetLink();
    }
    if (
      secrets.activationToken === '' ||
      (await accounts.getLink(secrets.activationToken, 'activation')) === null
    ) {
      secrets.activationToken = await issue.activationLink();
    }
    const spent = await db
      .selectFrom('used_challenges')
      .select('signature')
      .where('signature', '=', challengeSignature)
      .executeTakeFirst();
    if (secrets.challengeSolution === '' || spent !== undefined) {
      const challenge = await portal.challenges.forPage('reset', 'fuzz-setup');
      if (challenge === null) throw new Error('the fuzz portal asks no proof of work on /reset');
      secrets.challengeSolution = await solvedChallenge(challenge);
      challengeSignature = challenge.signature ?? '';
    }
    for (const name of ['sessionToken', 'resetToken', 'activationToken'] as const) issued.add(secrets[name]);
  }
  await renewSecrets();

  return {
    app,
    origin: test.url,
    state: new StateWatcher(db),
    logs: test.logs,
    context: () => ({ origin: test.url, secrets: { ...secrets } }),
    known: () => ({
      origin: test.url,
      csrfPairs,
      credentials: [...KNOWN_PASSWORDS, ...STRONG_PASSWORDS, ...issued].filter((secret) => secret !== ''),
    }),
    renewSecrets,
    close,
  };
}
