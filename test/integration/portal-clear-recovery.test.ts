import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, createRecoveryDeps, generateRecoveryCodes, openStore, parseConfig } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli-in-process.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';

let dir: string;
let config: string;
let database: string;
const env = { PASSGATE_SECRET_KEY: TEST_SECRET_KEY };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-clear-recovery-'));
  config = join(dir, 'passgate.yaml');
  database = join(dir, 'passgate.sqlite');
  await writeFile(
    config,
    `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('passgate users clear-recovery', () => {
  // The service desk's way out when a person lost every factor, or someone who only had the password
  // registered their own: the person's methods go, and so does any security-info session.
  it("removes every recovery method and ends the person's security-info sessions, audited", async () => {
    const store = await openStore(database);
    const portalConfig = parseConfig(
      { publicUrl: 'https://passwords.contoso.example', secretKey: TEST_SECRET_KEY },
      {},
    );
    const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date());
    const deps = createRecoveryDeps({
      db: store.db,
      config: portalConfig,
      mailSender: null,
      now: () => new Date(),
    });
    await generateRecoveryCodes(deps, { id, email: 'ann@contoso.example', display_name: null }, null);
    await store.db
      .insertInto('portal_sessions')
      .values([
        {
          token_hash: 'a',
          user_id: id,
          purpose: 'account',
          credential_version: 0,
          expires_at: Date.now() + 60_000,
          created_at: 0,
        },
        {
          token_hash: 'b',
          user_id: id,
          purpose: 'set_password',
          credential_version: 0,
          expires_at: Date.now() + 60_000,
          created_at: 0,
        },
      ])
      .execute();
    await store.close();

    const cleared = await cliInProcess(
      ['users', 'clear-recovery', 'ann@contoso.example', '--config', config],
      env,
    );
    expect(cleared).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^ann@contoso\.example: removed recovery_codes;/),
    });
    expect(
      (await cliInProcess(['users', 'clear-recovery', 'ann@contoso.example', '--config', config], env)).out,
    ).toBe('ann@contoso.example: had no recovery methods');

    const after = await openStore(database);
    expect(await after.db.selectFrom('recovery_codes').selectAll().execute()).toEqual([]);
    const sessions = await after.db.selectFrom('portal_sessions').select('purpose').execute();
    expect(sessions.map((s) => s.purpose)).toEqual(['set_password']);
    // The person is told, once, at the work address (the notice for the codes made above went there too).
    const notices = await after.db
      .selectFrom('mail_queue')
      .select('to_address')
      .where('kind', '=', 'security_notice')
      .execute();
    expect(notices.map((n) => n.to_address)).toEqual(['ann@contoso.example', 'ann@contoso.example']);
    await after.close();
    const audit = (
      await cliInProcess(['audit', 'export', '--user', 'ann@contoso.example', '--config', config], env)
    ).out.split('\n');
    expect(JSON.parse(audit.at(-1) ?? '{}')).toMatchObject({
      event_type: 'user_recovery_method_removed',
      changes: [{ field: 'recoveryMethod', from: 'recovery_codes' }],
      initiated_by: { type: 'admin', id: 'cli' },
    });
    expect(
      await cliInProcess(['users', 'clear-recovery', 'nobody@contoso.example', '--config', config], env),
    ).toMatchObject({ code: 1 });
  });
});
