export {
  EXTENSION_USAGE,
  type ExtensionCommandConfig,
  runExtensionCommand,
} from '../cli/extension-command.js';
export { type ExtensionRoutesOptions, extensionRoutes } from '../routes/extension-routes.js';
export { type ArtefactUrls, artefactUrls } from './artefact-urls.js';
export { checkPublicUrl } from './check-public-url.js';
export { buildCrx3, type Crx3Input } from './crx3.js';
export {
  type ExtensionKitConfig,
  type ExtensionKitConfigInput,
  extensionKitConfigSchema,
} from './extension-kit-config.js';
export { ExtensionKitError, type ExtensionKitErrorCode } from './extension-kit-error.js';
export { type GeneratedPolicy, generatePolicy, type PolicyRequest } from './generate-policy.js';
export {
  describeFieldType,
  type ManagedSettingField,
  managedSettingFields,
} from './managed-setting-fields.js';
export { checkManagedSettings, parseManagedAssignments, validateManagedSettings } from './managed-values.js';
export { DEFAULT_BUILD_DIR, type PackOptions, type PackResult, packExtension } from './pack-extension.js';
export {
  BROWSERS,
  type Browser,
  FORMATS,
  PLATFORMS,
  type Platform,
  type PolicyFormat,
  type PolicyTarget,
  resolvePolicyTarget,
} from './policy-target.js';
export { ARTEFACT_FILES, type ReleaseRecord, readReleaseRecord } from './release-record.js';
export { createSigningKey, loadSigningKey, type SigningKey } from './signing-key.js';
export { updatesXml } from './updates-xml.js';
export {
  WINDOWS_RESET_POLICY,
  WINDOWS_SIGN_IN_FORMATS,
  type WindowsSignInFormat,
  windowsSignInPolicy,
} from './windows-sign-in-policy.js';
