import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KyselyPlugin, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../open-store.js';
import { reserveAttempt, settleFailure, takeFromWindows } from './counters.js';

let portal: Store;
/** Another process on the same file, as the `passgate` CLI is while the portal serves. */
let cli: Store;

beforeEach(async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'passgate-counters-')), 'db.sqlite');
  portal = await openStore(path);
  cli = await openStore(path);
  // The CLI's write below runs on the test's only thread: it must not wait for a lock nobody can release.
  await sql`pragma busy_timeout = 0`.execute(cli.db);
});
afterEach(async () => {
  await portal.close();
  await cli.close();
});

/** After the portal's first statement, the CLI commits a write of its own; says how that went. */
function cliWritesInBetween(outcomes: string[]): KyselyPlugin {
  return {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      if (outcomes.length === 0) {
        try {
          await cli.db
            .insertInto('counters')
            .values({
              key: `acct:someone-${outcomes.length}@contoso.example`,
              count: 1,
              window_start: 0,
              locked_until: null,
            })
            .execute();
          outcomes.push('the CLI wrote');
        } catch (error) {
          outcomes.push((error as { code?: string }).code ?? String(error));
        }
      }
      return args.result;
    },
  };
}

describe('the rate-limit and lockout counters with another process writing the database', () => {
  it('takeFromWindows() holds the write lock from its first read: the other writer waits, the request does not fail', async () => {
    const outcomes: string[] = [];
    const window = { max: 5, windowSeconds: 60 };
    const db = portal.db.withPlugin(cliWritesInBetween(outcomes));
    await expect(takeFromWindows(db, [{ key: 'acct:ann@contoso.example', window }], 1_000)).resolves.toBe(
      true,
    );
    expect(outcomes).toEqual(['SQLITE_BUSY']);
  });

  it('reserveAttempt() and settleFailure() hold the write lock from their first statement as well', async () => {
    const rule = { maxAttempts: 3, durationSeconds: 300, resetCounterMinutes: 15 };
    for (const step of [reserveAttempt, settleFailure]) {
      const outcomes: string[] = [];
      const db = portal.db.withPlugin(cliWritesInBetween(outcomes));
      await expect(step(db, 'lock:ann@contoso.example', rule, 1_000)).resolves.toBe(step === reserveAttempt);
      expect(outcomes).toEqual(['SQLITE_BUSY']);
    }
  });
});
