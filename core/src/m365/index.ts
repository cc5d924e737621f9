export * from './entra-rules.js';
export * from './managed-settings.js';
export * from './password-pages.js';
export * from './extension-id.js';
