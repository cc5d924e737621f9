export {
  ClientCertificateError,
  type ClientCertificateValidity,
  clientCertificateValidity,
} from './client-certificate.js';
export { M365_CLOUD_NAMES, M365_CLOUDS, type M365CloudName } from './clouds.js';
export { type M365ClientConfig, m365ClientConfigSchema } from './config-schema.js';
export { createM365Client } from './create-m365-client.js';
export { DIRECTORY_ROLES, directoryRoleName } from './directory-roles.js';
export { MAX_BATCH_REQUESTS } from './graph-batch.js';
export { isBrandingUrl, MAX_BRANDING_URL_LENGTH } from './graph-branding.js';
export { directoryAuditFilter } from './list-directory-audits.js';
export { M365_ERROR_CODES, M365Error, type M365ErrorCode } from './m365-error.js';
export { PASSWORD_AUDIT_ACTIVITIES } from './password-audit-activities.js';
export { pemCertificatesSchema } from './pem-certificates-schema.js';
export type {
  CallOptions,
  DirectoryAuditQuery,
  GraphLogger,
  M365AccessClaims,
  M365BatchOutcome,
  M365Branding,
  M365Client,
  M365DirectoryAudit,
  M365Domain,
  M365PasswordChangeTime,
  M365User,
  M365UserPasswordPolicies,
} from './types.js';
