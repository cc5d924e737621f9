/** Stable codes for what the deployment kit refuses; the CLI and the admin route print the message. */
export type ExtensionKitErrorCode =
  | 'KEY_EXISTS'
  | 'KEY_NOT_FOUND'
  | 'KEY_INVALID'
  | 'KEY_IS_DEV_KEY'
  | 'KEY_READABLE_BY_OTHERS'
  | 'BUILD_NOT_FOUND'
  | 'NOT_PACKED'
  | 'RELEASE_DAMAGED'
  | 'UNSUPPORTED_TARGET'
  | 'UNKNOWN_MANAGED_SETTING'
  | 'INVALID_MANAGED_SETTING'
  | 'MISSING_PORTAL_URL'
  | 'INVALID_URL'
  | 'INVALID_EXTENSION_ID'
  | 'PACK_FAILED';

/** A refusal an admin can act on: the message says what was expected. */
export class ExtensionKitError extends Error {
  override readonly name = 'ExtensionKitError';
  readonly code: ExtensionKitErrorCode;

  constructor(code: ExtensionKitErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}
