export type { DirectoryAuditRecord } from './audit-log.js';
export { EMULATOR_GLOBAL_BANNED_TERMS } from './banned-password-score.js';
export type {
  EmulatedOidcProvider,
  IdTokenTamper,
  OidcAuthorizeRequest,
  OidcPerson,
  OidcTokenExchange,
} from './oidc-types.js';
export { startM365Emulator } from './start-m365-emulator.js';
export { ENTRA_WRITE_LIMIT } from './throttle.js';
export type {
  AddAppInput,
  AddTenantInput,
  AddUserInput,
  EmulatedUserView,
  EmulatorFault,
  EmulatorRequest,
  M365Emulator,
  OutsidePasswordChange,
  PasswordDoor,
  StartM365EmulatorOptions,
  ThrottleLimit,
} from './types.js';
