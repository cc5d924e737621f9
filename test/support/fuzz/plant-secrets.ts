import { createHash, randomBytes } from 'node:crypto';
import { expireUser, type Portal } from '@passgate/portal';

/**
 * Issues a session or a reset link straight into the store, the way the portal's own code does
 * (a 256-bit token, its sha256 kept), so the fuzzer can use one without knowing anyone's current
 * password or reading a mail. Each is checked through the account service before it is handed out.
 */

type Actor = Parameters<typeof expireUser>[3];

function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: createHash('sha256').update(token, 'utf8').digest('hex') };
}

async function userId(portal: Portal, email: string): Promise<{ id: string; status: string }> {
  const user = await portal.store.db
    .selectFrom('users')
    .select(['id', 'status'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return user;
}

/** A set-password session for `email`, expiring the account first if a case changed its password. */
export async function plantSession(portal: Portal, email: string, actor: Actor): Promise<string> {
  let user = await userId(portal, email);
  if (user.status === 'active') {
    await expireUser(portal.adminDeps, email, new Date(), actor);
    user = await userId(portal, email);
  }
  const { token, hash } = newToken();
  const now = Date.now();
  await portal.store.db
    .insertInto('portal_sessions')
    .values({
      token_hash: hash,
      user_id: user.id,
      purpose: 'set_password',
      expires_at: now + 3_600_000,
      created_at: now,
    })
    .execute();
  if ((await portal.accounts.getSession(token)) === null)
    throw new Error(`a planted session for ${email} does not work`);
  return token;
}

export async function plantResetLink(portal: Portal, email: string): Promise<string> {
  const { id } = await userId(portal, email);
  const { token, hash } = newToken();
  const now = Date.now();
  await portal.store.db
    .insertInto('link_tokens')
    .values({
      token_hash: hash,
      user_id: id,
      purpose: 'reset',
      expires_at: now + 3_600_000,
      created_at: now,
      used_at: null,
      invalidated_at: null,
    })
    .execute();
  if ((await portal.accounts.getLink(token, 'reset')) === null)
    throw new Error(`a planted reset link for ${email} does not work`);
  return token;
}
