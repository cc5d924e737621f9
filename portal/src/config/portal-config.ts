export { ConfigError, type ConfigProblem } from './config-error.js';
export { loadConfigFile } from './load-config-file.js';
export { type Env, type ParseConfigOptions, parseConfig, tenantSecretEnvName } from './parse-config.js';
export {
  type PortalConfig,
  type PortalConfigInput,
  portalConfigSchema,
  type TenantConfig,
} from './portal-config-schema.js';
