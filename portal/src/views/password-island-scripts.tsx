/** @jsxRuntime automatic @jsxImportSource preact */

import { ENGLISH, type MessageKey, preparseMessages } from '@passgate/core/i18n';
import type { VNode } from 'preact';
import { JsonDataBlock } from './json-data-block.js';
import { useMessages } from './page-language.js';
import { ISLAND_PROPS_ID, type IslandLanguage, type PasswordFieldsProps } from './password-fields-props.js';

/** The messages the password fields can show while the person types: all the island is sent. */
const ISLAND_KEY = /^(requirement|requirements|strength|match|field|form\.missing)\./;
const ISLAND_KEYS = (Object.keys(ENGLISH) as MessageKey[]).filter((key) => ISLAND_KEY.test(key));

/**
 * The password-fields island of a page: its props as inert JSON and its module script. Nothing
 * when the island was not built: the form still works, the server judges it.
 */
export function PasswordIslandScripts(props: {
  passwordFields: PasswordFieldsProps;
  islandSrc: string | null;
}): VNode | null {
  const messages = useMessages();
  if (props.islandSrc === null) return null;
  // The page's language travels with the props, so ticking in the browser speaks as the server did.
  const language: IslandLanguage = {
    locale: messages.locale,
    catalogue: preparseMessages(messages, ISLAND_KEYS),
  };
  return (
    <>
      <JsonDataBlock id={ISLAND_PROPS_ID} data={{ ...props.passwordFields, language }} />
      <script type="module" src={props.islandSrc} />
    </>
  );
}
