import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/portal-config.js';
import { openStore, type Store } from '../store/open-store.js';
import { listMethods } from './list-methods.js';
import { consumeRecoveryCode, generateRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js';
import { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
import type { RecoveryUser } from './recovery-user.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
let store: Store;
let deps: RecoveryDeps;
let ann: RecoveryUser;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-codes-')), 'db.sqlite'));
  const config = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});
  deps = createRecoveryDeps({ db: store.db, config, mailSender: null, now: () => new Date() });
  const id = await addUser(store.db, { email: 'ann@contoso.example', password: null }, new Date());
  ann = { id, email: 'ann@contoso.example', display_name: null };
});
afterEach(() => store.close());

async function newCodes(): Promise<string[]> {
  const made = await generateRecoveryCodes(deps, ann, null);
  if (made.status !== 'ok') throw new Error(made.code);
  return made.codes;
}

describe('generateRecoveryCodes()', () => {
  it('makes ten different codes of 60 bits, shown once and stored only as keyed hashes', async () => {
    const codes = await newCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const rows = await store.db.selectFrom('recovery_codes').select('code_hash').execute();
    const stored = rows.map((row) => row.code_hash).join(' ');
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll('-', ''));
    }
    expect((await listMethods(store.db, ann.id)).recoveryCodes).toMatchObject({ left: 10, total: 10 });
  });

  it('replaces the old set: its codes stop working', async () => {
    const old = await newCodes();
    const fresh = await newCodes();
    expect(await consumeRecoveryCode(deps, ann.id, old[0] ?? '')).toMatchObject({ code: 'CODE_INVALID' });
    expect(await consumeRecoveryCode(deps, ann.id, fresh[0] ?? '')).toEqual({ status: 'ok', left: 9 });
  });
});

describe('consumeRecoveryCode()', () => {
  it('accepts each code once', async () => {
    const [code = ''] = await newCodes();
    expect(await consumeRecoveryCode(deps, ann.id, code)).toEqual({ status: 'ok', left: 9 });
    expect(await consumeRecoveryCode(deps, ann.id, code)).toEqual({
      status: 'refused',
      code: 'CODE_INVALID',
    });
  });

  it('lets exactly one of many requests with the same code through', async () => {
    const [code = ''] = await newCodes();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => consumeRecoveryCode(deps, ann.id, code)),
    );
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(1);
  });

  it('reads a code typed in lower case, without dashes, with O for 0 and l for 1', async () => {
    const [code = ''] = await newCodes();
    const sloppy = code.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l');
    expect(await consumeRecoveryCode(deps, ann.id, sloppy)).toMatchObject({ status: 'ok' });
  });

  it("refuses another person's code, and never throws for junk", async () => {
    const [code = ''] = await newCodes();
    const bob = await addUser(store.db, { email: 'bob@contoso.example', password: null }, new Date());
    expect(await consumeRecoveryCode(deps, bob, code)).toMatchObject({ code: 'CODE_INVALID' });
    for (const junk of ['', '-', 'x'.repeat(10_000), '????-????-????'])
      expect(await consumeRecoveryCode(deps, ann.id, junk)).toEqual({
        status: 'refused',
        code: 'CODE_INVALID',
      });
  });
});

describe('normaliseRecoveryCode()', () => {
  it('keeps only what can be a code', () => {
    expect(normaliseRecoveryCode('abcd-efgh-jkmn')).toBe('ABCDEFGHJKMN');
    expect(normaliseRecoveryCode('ABCD-EFGH-JKM')).toBeNull();
    expect(normaliseRecoveryCode('ABCD-EFGH-JKMU')).toBeNull();
  });
});
