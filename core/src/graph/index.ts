export { M365_CLOUD_NAMES, M365_CLOUDS, type M365CloudName } from './clouds.js';
export { type M365ClientConfig, m365ClientConfigSchema } from './config-schema.js';
export { createM365Client } from './create-m365-client.js';
export { DIRECTORY_ROLES, directoryRoleName } from './directory-roles.js';
export { MAX_BATCH_REQUESTS } from './graph-batch.js';
export { isBrandingUrl, MAX_BRANDING_URL_LENGTH } from './graph-branding.js';
export { M365_ERROR_CODES, M365Error, type M365ErrorCode } from './m365-error.js';
export type {
  CallOptions,
  GraphLogger,
  M365AccessClaims,
  M365BatchOutcome,
  M365Branding,
  M365Client,
  M365Domain,
  M365User,
  M365UserPasswordPolicies,
} from './types.js';
