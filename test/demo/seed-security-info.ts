import { readFile } from 'node:fs/promises';
import {
  confirmPersonalEmail,
  confirmTotp,
  type Portal,
  type RecoveryUser,
  startPersonalEmail,
  startTotp,
  totpSetup,
} from '@passgate/portal';
import { Secret, TOTP } from 'otpauth';

/** A demo person's security info, registered the way a person does it (so the demo shows the real flow's result). */
export interface SeededSecurityInfo {
  personalEmail: string;
  authenticatorKey: string;
}

/**
 * Registers a personal address (its code read from the demo's mail folder, which stands in for that
 * mailbox) and an authenticator app, confirmed with the code of the previous 30-second step (accepted one
 * step late, as any app's would be), so the code an app shows right now still works for a first sign-in.
 */
export async function seedSecurityInfo(
  portal: Portal,
  user: RecoveryUser,
  personalEmail: string,
  writtenMail: (to: string) => Promise<string>,
): Promise<SeededSecurityInfo> {
  const deps = portal.recovery;
  const started = await startPersonalEmail(deps, user, personalEmail);
  if (started.status !== 'ok') throw new Error(`demo: cannot add ${personalEmail}: ${started.code}`);
  const mail = await readFile(await writtenMail(personalEmail), 'utf8');
  const code = /^(\d{6})$/m.exec(mail)?.[1] ?? '';
  const confirmed = await confirmPersonalEmail(deps, user, code, null);
  if (confirmed.status !== 'ok') throw new Error(`demo: cannot confirm ${personalEmail}: ${confirmed.code}`);

  await startTotp(deps, user);
  const setup = await totpSetup(deps, user);
  if (setup === null) throw new Error('demo: no authenticator setup');
  const previous = TOTP.generate({
    secret: Secret.fromBase32(setup.secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: Date.now() - 30_000,
  });
  const added = await confirmTotp(deps, user, previous, null);
  if (added.status !== 'ok') throw new Error(`demo: cannot add the authenticator app: ${added.code}`);
  return { personalEmail, authenticatorKey: setup.secret };
}
