import type { PortalConfig } from '../src/config/portal-config.js';
import { parseConfig } from '../src/config/portal-config.js';
import { createRecoveryDeps } from '../src/recovery/recovery-deps.js';
import type { ResetDeps } from '../src/reset/reset-deps.js';
import type { Store } from '../src/store/open-store.js';

/** The secret key of the reset flow's unit tests. */
export const RESET_TEST_KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';

/**
 * The deps the reset flow's codes, ceilings and queued requests use, over `db` (a recording one where
 * statements are compared): the recovery services and the config. The rest of the account services is
 * not involved, and no mail sender (queued mail is sent by the test where it matters).
 */
export function testResetDeps(
  db: Store['db'],
  now: () => Date,
  config: PortalConfig = parseConfig(
    { publicUrl: 'https://passwords.contoso.example', secretKey: RESET_TEST_KEY },
    {},
  ),
): ResetDeps {
  const recovery = createRecoveryDeps({ db, config, mailSender: null, now });
  return { ...recovery, config, mailSender: null } as unknown as ResetDeps;
}
