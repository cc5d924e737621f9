import { LANGUAGES, type Language, type Messages, preparseMessages } from '@passgate/core/i18n';
import { ISLAND_MESSAGE_KEYS } from '../views/island-message-keys.js';
import { assetOf, type StaticAsset } from './static-asset.js';

/** Where one language's island messages are served: fixed per language, versioned by `?v=`. */
export function islandMessagesPath(language: string): string {
  return `/assets/island-messages.${language}.json`;
}

/**
 * The password-fields island's wording, one JSON file per language, built once at start from the
 * same messages the pages use (the organisation's overrides included: they are fixed per process).
 * The same for every visitor, so it is cached for a year and sent compressed, instead of riding in
 * every uncompressed page: what a page carries is only its language's URL.
 */
export function islandMessageAssets(
  messages: Readonly<Record<Language, Messages>>,
): Readonly<Record<Language, StaticAsset>> {
  const assets = {} as Record<Language, StaticAsset>;
  for (const language of LANGUAGES) {
    // Pre-parsed ICU syntax trees: the island's bundle leaves FormatJS's parser out.
    const json = JSON.stringify(preparseMessages(messages[language], ISLAND_MESSAGE_KEYS));
    assets[language] = assetOf(
      Buffer.from(json, 'utf8'),
      'application/json; charset=utf-8',
      islandMessagesPath(language),
    );
  }
  return assets;
}
