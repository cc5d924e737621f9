import { randomUUID } from 'node:crypto';
import type { RefusalCode } from '@passgate/core/codes';
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { recordAudit } from '../audit/record-audit.js';
import { advancePasskeyCounter } from '../store/port/passkeys.js';
import {
  PASSKEY_CEREMONY_MINUTES,
  type PasskeyPurpose,
  storeChallenge,
  takeChallenge,
} from './passkey-challenges.js';
import { parseAuthenticationResponse } from './passkey-response.js';
import { passkeysOf, transportsOf } from './passkey-rows.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import type { RecoveryOrigin } from './recovery-user.js';
import { relyingPartyOf } from './relying-party.js';

/**
 * The options for navigator.credentials.get(), their challenge kept on the server bound to `binding` (a
 * session or ceremony cookie's token) and `purpose`. User verification is required: a passkey then
 * proves both what the person has and what they know or are.
 *
 * `userId` null (a sign-in, a reset): no credential is named, the browser offers the passkeys it holds
 * for this site (discoverable credentials), and the answer names its owner. A person known beforehand
 * (`userId`, the second step after a password) gets their passkeys named, so a security key that keeps
 * no resident credential works too. Naming them tells the page which passkeys the person has: do that only
 * once the person is known to be who they say (never for an address merely typed, as in a reset).
 */
export async function passkeyAssertionOptions(
  deps: RecoveryDeps,
  input: { purpose: PasskeyPurpose; binding: string; userId?: string | null },
): Promise<RecoveryOutcome<{ options: PublicKeyCredentialRequestOptionsJSON }>> {
  if (!deps.config.recovery.methods.includes('passkey')) return refusedWith('METHOD_NOT_ALLOWED');
  const userId = input.userId ?? null;
  const allowed = userId === null ? [] : await passkeysOf(deps.db, userId);
  const options = await generateAuthenticationOptions({
    rpID: relyingPartyOf(deps.config).id,
    timeout: PASSKEY_CEREMONY_MINUTES * 60_000,
    userVerification: 'required',
    ...(allowed.length > 0 ? { allowCredentials: allowed.map((passkey) => passkey.descriptor) } : {}),
  });
  await storeChallenge(deps, {
    purpose: input.purpose,
    binding: input.binding,
    challenge: options.challenge,
    userId,
  });
  return { status: 'ok', options };
}

interface PasskeyRow {
  id: string;
  user_id: string;
  label: string;
  credential_id: string | null;
  public_key: Uint8Array | null;
  transports: string | null;
  email: string;
}

/**
 * Checks the browser's answer (`response`: the JSON @simplewebauthn/browser made, as the form carried it)
 * to the options above, for the same binding and purpose. A wrong answer is a refusal, never a throw:
 * - PASSKEY_CHALLENGE_EXPIRED: no live challenge (none issued to this binding for this purpose, expired,
 *   or spent by an earlier answer: each challenge is taken before anything else is looked at);
 * - PASSKEY_NOT_ACCEPTED: not an answer, an unknown or removed passkey, someone else's than
 *   `expectedUserId` (or than the person the options were made for), made for another origin or RP ID,
 *   without user verification, or a signature that does not hold — deliberately one code, so a caller can
 *   answer all of them alike;
 * - PASSKEY_COUNTER_REGRESSED: a valid signature whose counter did not move forward (a cloned key);
 * - METHOD_NOT_ALLOWED: the policy does not allow passkeys.
 * On success: whose passkey it was, and which. The person's status (suspended, expired) is the caller's
 * to weigh. Every answer from a registered passkey is audited (`user_passkey_used`, the passkey's name and
 * the purpose: never key material, signature or challenge).
 */
export async function verifyPasskeyAssertion(
  deps: RecoveryDeps,
  input: {
    purpose: PasskeyPurpose;
    binding: string;
    response: string;
    expectedUserId?: string | null;
    /** A reset: a passkey still in its cooling-off (cooling-off.ts) is as if it were not registered. */
    forReset?: boolean;
  },
  origin: RecoveryOrigin | null,
): Promise<RecoveryOutcome<{ userId: string; methodId: string; label: string }>> {
  if (!deps.config.recovery.methods.includes('passkey')) return refusedWith('METHOD_NOT_ALLOWED');
  const taken = await takeChallenge(deps, input.purpose, input.binding);
  if (taken === null) return refusedWith('PASSKEY_CHALLENGE_EXPIRED');
  const response = parseAuthenticationResponse(input.response);
  if (response === null) return refusedWith('PASSKEY_NOT_ACCEPTED');
  const row: PasskeyRow | undefined = await deps.db
    .selectFrom('recovery_methods as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'm.label', 'm.credential_id', 'm.public_key', 'm.transports', 'u.email'])
    .where('m.credential_id', '=', response.id)
    .where('m.kind', '=', 'passkey')
    .where('m.confirmed_at', 'is not', null)
    .$if(input.forReset === true, (qb) =>
      qb.where((eb) =>
        eb.or([eb('m.usable_from', 'is', null), eb('m.usable_from', '<=', deps.now().getTime())]),
      ),
    )
    .executeTakeFirst();
  if (row === undefined || row.credential_id === null || row.public_key === null)
    return refusedWith('PASSKEY_NOT_ACCEPTED');
  const audit = async (code: RefusalCode | null): Promise<void> => {
    await recordAudit(deps.db, {
      type: 'user_passkey_used',
      user: { id: row.user_id, email: row.email },
      at: deps.now(),
      origin,
      success: code === null,
      errorMessage: code,
      changes: [
        { field: 'passkey', to: row.label },
        { field: 'purpose', to: input.purpose },
      ],
      correlationId: randomUUID(),
    });
  };
  const refuse = async (code: RefusalCode): Promise<{ status: 'refused'; code: RefusalCode }> => {
    await audit(code);
    return refusedWith(code);
  };
  const expected = [input.expectedUserId ?? null, taken.userId].filter((id) => id !== null);
  if (expected.some((id) => id !== row.user_id)) return refuse('PASSKEY_NOT_ACCEPTED');
  // WebAuthn §7.2 step 6: the user handle, when the authenticator returns one, must name the owner too.
  const { userHandle } = response.response;
  if (userHandle !== undefined && Buffer.from(userHandle, 'base64url').toString('utf8') !== row.user_id)
    return refuse('PASSKEY_NOT_ACCEPTED');
  const rp = relyingPartyOf(deps.config);
  let counter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: taken.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      // Counter 0 here: the library would compare counters BEFORE it checks the signature. The counter is
      // compared below instead, atomically in the store, and only once the signature holds, so a forged
      // answer can never pass for a cloned key.
      credential: {
        id: row.credential_id,
        publicKey: new Uint8Array(row.public_key),
        counter: 0,
        transports: transportsOf(row.transports),
      },
    });
    if (!verified.verified) return refuse('PASSKEY_NOT_ACCEPTED');
    counter = verified.authenticationInfo.newCounter;
  } catch {
    return refuse('PASSKEY_NOT_ACCEPTED');
  }
  if (!(await advancePasskeyCounter(deps.db, row.id, counter, deps.now().getTime())))
    return refuse('PASSKEY_COUNTER_REGRESSED');
  await audit(null);
  return { status: 'ok', userId: row.user_id, methodId: row.id, label: row.label };
}
