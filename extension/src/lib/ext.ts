import browser from 'webextension-polyfill';

/**
 * The one module that touches the WebExtension API (through Mozilla's promise-based polyfill,
 * so Chrome and Firefox share one code path). Features import `ext` from here, never the
 * polyfill or `chrome.*` directly, so pure logic stays testable without a browser.
 */
export const ext = browser;

export type { Browser, DeclarativeNetRequest, Runtime, Storage, WebNavigation } from 'webextension-polyfill';
