/** @jsxRuntime automatic @jsxImportSource preact */

import type { VNode } from 'preact';
import { JsonDataBlock } from './json-data-block.js';
import { useMessages } from './page-language.js';
import { ISLAND_PROPS_ID, type IslandLanguage, type PasswordFieldsProps } from './password-fields-props.js';

/**
 * The password-fields island of a page: its props as inert JSON, its wording (a cached asset in the
 * page's language, fetched while the module loads) and its module script. Nothing when the island or
 * its wording is missing: the form still works, the server judges it.
 */
export function PasswordIslandScripts(props: {
  passwordFields: PasswordFieldsProps;
  islandSrc: string | null;
  /** The island's wording per locale (PageFrame.islandMessagesHrefs). */
  messagesHrefs: Readonly<Record<string, string>> | undefined;
}): VNode | null {
  const { locale } = useMessages();
  const messagesHref = props.messagesHrefs?.[locale];
  if (props.islandSrc === null || messagesHref === undefined) return null;
  // The page's language travels with the props, so ticking in the browser speaks as the server did.
  const language: IslandLanguage = { locale, messagesHref };
  return (
    <>
      <JsonDataBlock id={ISLAND_PROPS_ID} data={{ ...props.passwordFields, language }} />
      {/* Fetched now, beside the module, rather than after it runs: one round trip, not two. The
          island's fetch() is same-origin CORS with credentials, which crossorigin="anonymous" matches. */}
      <link rel="preload" href={messagesHref} as="fetch" crossorigin="anonymous" />
      <script type="module" src={props.islandSrc} />
    </>
  );
}
