import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordedSql } from '../../test-support/recorded-sql.js';
import { parseConfig } from '../config/portal-config.js';
import { hashPassword, verifyPassword } from '../crypto/password-hasher.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { enqueueSetPassword } from '../sync/enqueue-set-password.js';
import { createChangePassword } from './change-password.js';
import type { AccountServiceDeps } from './create-account-service.js';
import { createProvenSignIn } from './sign-in.js';
import { addUser } from './user-directory.js';

// Every argon2 verify, by the parameters of the hash it ran against (what its time depends on).
vi.mock('../crypto/password-hasher.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../crypto/password-hasher.js')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const at = Date.parse('2026-03-02T09:00:00Z');
const OLD = 'Harbour-Lantern-73!';
const WRONG = 'Not-The-Password-42!';
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

function deps(db: Store['db']): AccountServiceDeps {
  const config = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});
  return {
    db,
    config,
    sealer: createSealer(randomBytes(32), 'outbox'),
    mailSealer: createSealer(randomBytes(32), 'mail'),
    mailSender: null,
    worker: null,
    logger: pino({ level: 'silent' }),
    now: () => new Date(at),
  };
}

/** The four kinds of address a stranger may type, each under its own address. */
async function seedAddresses(db: Store['db']): Promise<Record<string, string>> {
  await addUser(db, { email: 'known@contoso.example', password: OLD }, new Date(at));
  await addUser(db, { email: 'welcome@contoso.example', password: null }, new Date(at));
  // An accepted password still waiting for Microsoft 365: a second hash that counts as current.
  const pendingId = await addUser(db, { email: 'pending@contoso.example', password: OLD }, new Date(at));
  await db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId: 'job-1',
        userId: pendingId,
        tenant: 'contoso',
        upn: 'pending@contoso.example',
        password: 'Granite-Willow-58?',
        passwordHash: '',
        correlationId: 'c',
        enableAccount: false,
        now: at,
      },
      createSealer(randomBytes(32), 'outbox'),
    ),
  );
  await db
    .updateTable('pending_passwords')
    .set({ password_hash: await hashPassword('Granite-Willow-58?') })
    .where('job_id', '=', 'job-1')
    .execute();
  return {
    unknown: 'nobody@contoso.example',
    known: 'known@contoso.example',
    'pending activation': 'welcome@contoso.example',
    'pending password': 'pending@contoso.example',
  };
}

/** What one refusal did: its SQL statements (text, no values) and the argon2 verifies it ran. */
async function workOf(
  refuse: (db: Store['db'], email: string) => Promise<unknown>,
  email: string,
): Promise<{ sql: string[]; verifies: string[] }> {
  const verify = vi.mocked(verifyPassword);
  verify.mockClear();
  const recording = recordedSql(store.db);
  await refuse(recording.db, email);
  // The parameters part of each hash ($argon2id$v=19$m=…,t=…,p=…): the salt and digest differ by design.
  const verifies = verify.mock.calls.map(([hash]) => hash.split('$').slice(1, 4).join('$'));
  return { sql: recording.sql, verifies };
}

const origin = { clientIp: '192.0.2.7', userAgent: 'test' };
const doors: [string, (db: Store['db'], email: string) => Promise<unknown>][] = [
  [
    'signIn (/signin, /account/signin)',
    (db, email) => createProvenSignIn(deps(db))({ email, password: WRONG, ...origin }),
  ],
  [
    'changePassword (/change)',
    (db, email) =>
      createChangePassword(deps(db))({
        email,
        currentPassword: WRONG,
        newPassword: 'Fresh-Granite-19?',
        ...origin,
      }),
  ],
];

describe('a wrong password', () => {
  // A stranger must not learn from the time a refusal takes whether the address has an account: the same
  // statements and the same argon2 verifies (two, at the same parameters) for every kind of address.
  it.each(doors)(
    '%s does the same work for an unknown address and every kind of account',
    async (_, refuse) => {
      const addresses = await seedAddresses(store.db);
      const work = new Map<string, { sql: string[]; verifies: string[] }>();
      for (const [kind, email] of Object.entries(addresses)) work.set(kind, await workOf(refuse, email));
      const unknown = work.get('unknown');
      for (const kind of Object.keys(addresses))
        expect({ kind, ...work.get(kind) }).toEqual({ kind, ...unknown });
      // Two: an account whose new password waits for Microsoft 365 has two hashes that count as current.
      expect(unknown?.verifies).toEqual([
        expect.stringMatching(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/),
        unknown?.verifies[0],
      ]);
      expect(unknown?.sql.length).toBeGreaterThan(0);
    },
  );
});
