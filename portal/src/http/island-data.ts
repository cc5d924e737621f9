import { LANGUAGES, type Language, type Messages, preparseMessages } from '@passgate/core/i18n';
import { describeRequirements, type PasswordPolicy } from '@passgate/core/policy';
import { ISLAND_MESSAGE_KEYS } from '../views/island-message-keys.js';
import type { PasswordIslandFrame } from '../views/page-frame.js';
import type { IslandData } from '../views/password-fields-props.js';
import { assetOf, type StaticAsset } from './static-asset.js';

/** Where one language's island data is served: fixed per language, versioned by `?v=`. */
export function islandDataPath(language: string): string {
  return `/assets/password-island.${language}.json`;
}

/**
 * What the password-fields island needs that is the same for every visitor of a language, one JSON
 * file per language, built once at start: its wording (the same messages the pages use, the
 * organisation's overrides included: they are fixed per process) and the policy and requirement
 * list the pages hand it. Cached for a year and sent compressed, instead of riding in every
 * uncompressed page: a page carries its language's URL, and its own policy or list only where they
 * differ from these (PasswordIslandScripts compares).
 */
export function islandDataAssets(
  messages: Readonly<Record<Language, Messages>>,
  policy: PasswordPolicy,
): { assets: Readonly<Record<Language, StaticAsset>>; frame: PasswordIslandFrame } {
  // As the change and new-password pages build them (routes/*-page-model.tsx): the admin's banned
  // terms stay on the server, and the list is the browser's view (no common-password list there).
  const browserPolicy: PasswordPolicy = { ...policy, bannedTerms: [] };
  const requirements = describeRequirements(policy);
  const assets = {} as Record<Language, StaticAsset>;
  for (const language of LANGUAGES) {
    const data: IslandData = {
      // Pre-parsed ICU syntax trees: the island's bundle leaves FormatJS's parser out.
      messages: preparseMessages(messages[language], ISLAND_MESSAGE_KEYS),
      policy: browserPolicy,
      requirements,
    };
    assets[language] = assetOf(
      Buffer.from(JSON.stringify(data), 'utf8'),
      'application/json; charset=utf-8',
      islandDataPath(language),
    );
  }
  return {
    assets,
    frame: {
      hrefs: Object.fromEntries(LANGUAGES.map((language) => [language, assets[language].href])),
      policyJson: JSON.stringify(browserPolicy),
      requirementsJson: JSON.stringify(requirements),
    },
  };
}
