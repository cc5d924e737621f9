export type {
  AccountService,
  ChangeOutcome,
  ChangePasswordInput,
  LinkPurpose,
  LinkView,
  PasswordContext,
  Refusal,
  RequestOrigin,
  SessionGrant,
  SessionView,
  SignInOutcome,
} from './accounts/account-service.js';
export {
  type AccountAdminDeps,
  expireUser,
  sendActivation,
  setNeverExpires,
  suspendUser,
  UserNotFoundError,
  UserStateError,
  unlockUser,
  unsuspendUser,
} from './accounts/admin-actions.js';
export { setAdmin } from './accounts/set-admin.js';
export { addUser, findUser, listUsers, type UserSummary } from './accounts/user-directory.js';
export { readOverview } from './admin/console/read-overview.js';
export { searchUsers } from './admin/console/search-users.js';
export { type AppDeps, createApp } from './app.js';
export { readAudit } from './audit/export-audit.js';
export { recordAudit } from './audit/record-audit.js';
export { runCli } from './cli/run-cli.js';
export {
  ConfigError,
  loadConfigFile,
  type PortalConfig,
  type PortalConfigInput,
  parseConfig,
} from './config/portal-config.js';
export { hashPassword, verifyPassword } from './crypto/password-hasher.js';
export { createSealer } from './crypto/sealer.js';
export { createLogger } from './log/create-logger.js';
export * from './recovery/index.js';
export { type OpenPortalOptions, openPortal, type Portal } from './runtime.js';
export { type RunningServer, startServer } from './server.js';
export { openStore, type Store } from './store/open-store.js';
export * from './store/port/index.js';
export { enqueueSetPassword } from './sync/enqueue-set-password.js';
export { completeJob, failJob, rescheduleJob } from './sync/finish-job.js';
