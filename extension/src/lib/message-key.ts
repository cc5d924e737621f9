import type { MessageKey as CatalogueKey } from '@passgate/core/i18n/browser';

/**
 * The extension's texts: core's catalogue keys under `extension.` (core/src/i18n/messages/*.json),
 * which scripts/extension-locales.ts writes into public/_locales under their name without the prefix.
 */
export type MessageKey = Extract<CatalogueKey, `extension.${string}`>;

/** The name chrome.i18n knows a catalogue key by (`extension.noticeTitle` → `noticeTitle`). */
export function chromeMessageName(key: MessageKey): string {
  return key.slice('extension.'.length);
}

/** The manifest's description (`__MSG_…__`), the one text the browser shows outside the extension's pages. */
export const MANIFEST_DESCRIPTION: MessageKey = 'extension.extensionDescription';
