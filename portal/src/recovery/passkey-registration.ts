import { randomUUID } from 'node:crypto';
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type VerifiedRegistrationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { lockCredential } from '../store/port/lock-credential.js';
import { insertPasskey } from '../store/port/passkeys.js';
import { writeTransaction } from '../store/write-transaction.js';
import { usableFromForNewMethod } from './cooling-off.js';
import { notifyMethodChange } from './notify-method-change.js';
import { PASSKEY_CEREMONY_MINUTES, storeChallenge, takeChallenge } from './passkey-challenges.js';
import { defaultPasskeyName, type PasskeyNameWording, tidyPasskeyName } from './passkey-name.js';
import { parseRegistrationResponse } from './passkey-response.js';
import { passkeysOf, userHandleOf } from './passkey-rows.js';
import { recordMethodAudit } from './record-method-audit.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import type { RecoveryOrigin, RecoveryUser } from './recovery-user.js';
import { relyingPartyOf } from './relying-party.js';

/** Passkeys one person may keep: more than anyone carries, few enough that the list stays readable. */
export const MAX_PASSKEYS = 10;

/**
 * The options for navigator.credentials.create(): user verification required (a PIN or biometric on top of
 * holding the device: the passkey alone is two factors), a discoverable (resident) credential preferred
 * so it can sign in without the address being typed, no attestation (the portal trusts no vendor list;
 * asking would only reveal the device model). The person's passkeys are excluded, so an authenticator that
 * holds one already says so instead of making a second. The challenge is kept bound to `binding` (the
 * security-info session's token) and to this person.
 */
export async function passkeyRegistrationOptions(
  deps: RecoveryDeps,
  user: RecoveryUser,
  binding: string,
): Promise<RecoveryOutcome<{ options: PublicKeyCredentialCreationOptionsJSON }>> {
  if (!deps.config.recovery.methods.includes('passkey')) return refusedWith('METHOD_NOT_ALLOWED');
  const existing = await passkeysOf(deps.db, user.id);
  if (existing.length >= MAX_PASSKEYS) return refusedWith('PASSKEY_LIMIT_REACHED');
  const rp = relyingPartyOf(deps.config);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userID: userHandleOf(user.id),
    userDisplayName: user.display_name ?? user.email,
    timeout: PASSKEY_CEREMONY_MINUTES * 60_000,
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => passkey.descriptor),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await storeChallenge(deps, { purpose: 'register', binding, challenge: options.challenge, userId: user.id });
  return { status: 'ok', options };
}

/**
 * Registers the passkey the browser made with those options: the challenge is spent first (whatever
 * follows, it cannot be answered twice), then the answer is verified against publicUrl's origin and RP
 * ID, with user verification required. The passkey is stored under the person's row lock, so two added at
 * once cannot pass MAX_PASSKEYS between them; a credential id registered already (to anyone) is refused.
 * Only the public key is ever stored: the private key never leaves the authenticator.
 */
export async function registerPasskey(
  deps: RecoveryDeps,
  user: RecoveryUser,
  input: { binding: string; response: string; name: string; defaultName?: PasskeyNameWording },
  origin: RecoveryOrigin | null,
): Promise<RecoveryOutcome<{ methodId: string; label: string }>> {
  if (!deps.config.recovery.methods.includes('passkey')) return refusedWith('METHOD_NOT_ALLOWED');
  const taken = await takeChallenge(deps, 'register', input.binding);
  if (taken === null || taken.userId !== user.id) return refusedWith('PASSKEY_CHALLENGE_EXPIRED');
  const response = parseRegistrationResponse(input.response);
  if (response === null) return refusedWith('PASSKEY_NOT_ACCEPTED');
  const rp = relyingPartyOf(deps.config);
  let verified: VerifiedRegistrationResponse;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: taken.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    // The verifier throws for every answer that does not hold (origin, RP ID, challenge, flags, format).
    return refusedWith('PASSKEY_NOT_ACCEPTED');
  }
  if (!verified.verified) return refusedWith('PASSKEY_NOT_ACCEPTED');
  const { credential } = verified.registrationInfo;
  const at = deps.now();
  return writeTransaction(deps.db, async (trx) => {
    if ((await lockCredential(trx, user.id)) === null) return refusedWith('METHOD_NOT_FOUND');
    const count = (await passkeysOf(trx, user.id)).length;
    if (count >= MAX_PASSKEYS) return refusedWith('PASSKEY_LIMIT_REACHED');
    const methodId = randomUUID();
    const label = tidyPasskeyName(input.name) ?? defaultPasskeyName(count, input.defaultName);
    const usableFrom = await usableFromForNewMethod(trx, deps.config.recovery, user.id, at.getTime());
    const inserted = await insertPasskey(trx, {
      usableFrom,
      id: methodId,
      userId: user.id,
      label,
      credentialId: credential.id,
      publicKey: credential.publicKey,
      signCount: credential.counter,
      transports: JSON.stringify(response.response.transports ?? []),
      now: at.getTime(),
    });
    if (!inserted) return refusedWith('PASSKEY_ALREADY_REGISTERED');
    await recordMethodAudit(trx, { user, change: 'added', kind: 'passkey', at, origin });
    await notifyMethodChange(trx, deps, { user, change: 'added', method: 'passkey', at });
    return { status: 'ok' as const, methodId, label };
  });
}
