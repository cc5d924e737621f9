import type { AccountServiceDeps } from '../accounts/create-account-service.js';
import type { RecoveryDeps } from '../recovery/recovery-deps.js';

/**
 * What the reset flow takes: the account services' deps (the config, acceptPassword's worker and sealer,
 * the mail sealer) and the recovery functions' (the code hasher, the authenticator sealer).
 */
export type ResetDeps = AccountServiceDeps & Pick<RecoveryDeps, 'codes' | 'totpSealer'>;
