import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { pruneStaleRows } from '../scheduler/prune-stale-rows.js';
import { openStore, type Store } from '../store/open-store.js';
import { createAdminSession, endAdminSession, hashAdminToken, touchAdminSession } from './admin-sessions.js';

const MINUTE = 60_000;
const LIMITS = { idleMs: 30 * MINUTE, maxMs: 8 * 60 * MINUTE };
const T0 = Date.parse('2026-03-02T09:00:00Z');
const PERSON = {
  subject: 'sub-1',
  email: 'it@contoso.example',
  name: 'IT Lead',
  groups: ['g-1'],
  authTime: T0 - 5_000,
};
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('admin sessions', () => {
  it('stores the SHA-256 of the cookie token, never the token', async () => {
    const { token } = await createAdminSession(store.db, PERSON, LIMITS, T0);
    const rows = await store.db.selectFrom('admin_sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]?.token_hash).toBe(hashAdminToken(token));
  });

  it('finds a live session with its groups and moves its idle clock', async () => {
    const { token, id } = await createAdminSession(store.db, PERSON, LIMITS, T0);
    const found = await touchAdminSession(store.db, token, LIMITS, T0 + 20 * MINUTE);
    expect(found).toMatchObject({ id, email: PERSON.email, groups: ['g-1'], authTime: PERSON.authTime });
    // 20 + 20 minutes after sign-in, but only 20 after the last request.
    expect(await touchAdminSession(store.db, token, LIMITS, T0 + 40 * MINUTE)).not.toBeNull();
  });

  it('ends and deletes a session idle for the limit', async () => {
    const { token } = await createAdminSession(store.db, PERSON, LIMITS, T0);
    expect(await touchAdminSession(store.db, token, LIMITS, T0 + 30 * MINUTE)).toBeNull();
    expect(await store.db.selectFrom('admin_sessions').select('id').execute()).toEqual([]);
  });

  it('knows nothing of a token it never issued, or of an ended session', async () => {
    const { token, id } = await createAdminSession(store.db, PERSON, LIMITS, T0);
    expect(await touchAdminSession(store.db, randomBytes(32).toString('base64url'), LIMITS, T0)).toBeNull();
    await endAdminSession(store.db, id);
    expect(await touchAdminSession(store.db, token, LIMITS, T0)).toBeNull();
  });

  it('is pruned by the scheduler once past its absolute limit, and not before', async () => {
    await createAdminSession(store.db, PERSON, LIMITS, T0);
    const config = parseConfig(
      { publicUrl: 'https://p.example.com', secretKey: randomBytes(32).toString('hex') },
      {},
    );
    expect(await pruneStaleRows(store.db, config, T0 + LIMITS.maxMs - 1)).toBe(0);
    expect(await pruneStaleRows(store.db, config, T0 + LIMITS.maxMs)).toBe(1);
  });
});
