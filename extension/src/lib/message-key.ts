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

/**
 * A message every `_locales` file carries, generated rather than translated: the BCP 47 tag of the
 * file's own language. `lang` and `dir` come from it, so they always match the texts shown: the
 * browser's UI language (i18n.getUILanguage) can differ from the folder it took the texts from
 * (headless Chromium started with --lang=ar reports en-US yet shows the Arabic texts).
 */
export const LANGUAGE_MESSAGE = 'language';
