import {
  confirmPersonalEmail,
  confirmTotp,
  generateRecoveryCodes,
  type Portal,
  type RecoveryUser,
  startPersonalEmail,
  startTotp,
  totpSetup,
} from '@passgate/portal';
import { Secret, TOTP } from 'otpauth';
import { mailedCodes, nextMailedCode } from './mailed-code.js';
import type { SmtpSink } from './smtp-sink.js';

/** The person a recovery function acts for, read from the portal's users. */
export async function recoveryUser(portal: Portal, email: string): Promise<RecoveryUser> {
  return portal.store.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}

/** What an authenticator app with this key shows at `at` (RFC 6238, SHA-1, 6 digits, 30 s). */
export function authenticatorCode(secret: string, at: number): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: at,
  });
}

/** Adds a personal address the way a person does: the code mailed to it (received by the sink) confirms it. */
export async function registerPersonalEmail(
  portal: Portal,
  sink: SmtpSink,
  user: RecoveryUser,
  address: string,
): Promise<void> {
  const seen = mailedCodes(sink, address).length;
  const started = await startPersonalEmail(portal.recovery, user, address);
  if (started.status !== 'ok') throw new Error(`cannot add ${address}: ${started.code}`);
  const confirmed = await confirmPersonalEmail(
    portal.recovery,
    user,
    await nextMailedCode(sink, address, seen),
    null,
  );
  if (confirmed.status !== 'ok') throw new Error(`cannot confirm ${address}: ${confirmed.code}`);
}

/** Adds an authenticator app, confirmed with the code of the step before `at`; returns its key. */
export async function registerAuthenticator(portal: Portal, user: RecoveryUser, at: number): Promise<string> {
  await startTotp(portal.recovery, user);
  const setup = await totpSetup(portal.recovery, user);
  if (setup === null) throw new Error('no authenticator setup');
  const added = await confirmTotp(portal.recovery, user, authenticatorCode(setup.secret, at - 30_000), null);
  if (added.status !== 'ok') throw new Error(`cannot add the authenticator app: ${added.code}`);
  return setup.secret;
}

/** Makes the person's ten recovery codes; returns them as shown (XXXX-XXXX-XXXX). */
export async function registerRecoveryCodes(portal: Portal, user: RecoveryUser): Promise<string[]> {
  const made = await generateRecoveryCodes(portal.recovery, user, null);
  if (made.status !== 'ok') throw new Error(`cannot make recovery codes: ${made.code}`);
  return made.codes;
}
