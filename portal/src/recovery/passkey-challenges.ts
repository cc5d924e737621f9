import { hashOpaqueToken } from '../accounts/opaque-token.js';
import { replacePasskeyChallenge, takePasskeyChallenge } from '../store/port/passkeys.js';
import type { RecoveryDeps } from './recovery-deps.js';

/**
 * What a passkey is asked for, besides registering one: signing in to security info (alone, or as the
 * second step after the password), the expired-password sign-in at /signin, and a reset or an unlock.
 * Each purpose has its own challenge: one issued for a sign-in cannot be spent in a reset.
 */
export type PasskeyPurpose = 'account' | 'expired_sign_in' | 'reset' | 'unlock';

/** How long a ceremony may take, from the options handed out to the browser's answer. */
export const PASSKEY_CEREMONY_MINUTES = 5;

/**
 * Keeps the challenge on the server, bound to `binding` (a session or ceremony cookie's token: only its
 * hash is stored) and purpose, for PASSKEY_CEREMONY_MINUTES. Replaces the binding's live challenge of
 * the same purpose.
 */
export async function storeChallenge(
  deps: Pick<RecoveryDeps, 'db' | 'now'>,
  input: { purpose: PasskeyPurpose | 'register'; binding: string; challenge: string; userId: string | null },
): Promise<void> {
  const now = deps.now().getTime();
  await replacePasskeyChallenge(
    deps.db,
    {
      bindingHash: hashOpaqueToken(input.binding),
      purpose: input.purpose,
      challenge: input.challenge,
      userId: input.userId,
      expiresAt: now + PASSKEY_CEREMONY_MINUTES * 60_000,
    },
    now,
  );
}

/** Spends the binding's live challenge of this purpose (store/port takePasskeyChallenge): null when none is live. */
export function takeChallenge(
  deps: Pick<RecoveryDeps, 'db' | 'now'>,
  purpose: PasskeyPurpose | 'register',
  binding: string,
): Promise<{ challenge: string; userId: string | null } | null> {
  if (binding.length === 0 || binding.length > 200) return Promise.resolve(null);
  return takePasskeyChallenge(
    deps.db,
    { bindingHash: hashOpaqueToken(binding), purpose },
    deps.now().getTime(),
  );
}
