export * from './chrome-managed-schema.js';
export * from './clouds.js';
export * from './entra-rules.js';
export * from './extension-id.js';
export * from './managed-settings.js';
export * from './own-account.js';
export * from './password-pages.js';
