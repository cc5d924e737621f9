/**
 * The one module that touches the WebExtension API. Chrome (and Edge) 120+ and Firefox 140+ all
 * return promises from their own MV3 APIs, so no polyfill is needed: Firefox's `browser` is used
 * where it exists, Chrome's `chrome` elsewhere. Features import `ext` from here, never `chrome.*`
 * directly, so pure logic stays testable without a browser.
 */
export const ext: typeof chrome = (globalThis as { browser?: typeof chrome }).browser ?? chrome;

export type MessageSender = chrome.runtime.MessageSender;
export type NavigationDetails = chrome.webNavigation.WebNavigationTransitionCallbackDetails;
