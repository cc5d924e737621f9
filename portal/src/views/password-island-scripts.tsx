/** @jsxRuntime automatic @jsxImportSource preact */

import type { VNode } from 'preact';
import { JsonDataBlock } from './json-data-block.js';
import type { PasswordIslandFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { ISLAND_PROPS_ID, type IslandProps, type PasswordFieldsProps } from './password-fields-props.js';

/**
 * The password-fields island of a page: its props as inert JSON, its data (a cached asset in the
 * page's language, fetched while the module loads) and its module script. Nothing when the island or
 * its data is missing: the form still works, the server judges it.
 */
export function PasswordIslandScripts(props: {
  passwordFields: PasswordFieldsProps;
  islandSrc: string | null;
  /** The island's data assets (PageFrame.passwordIsland). */
  island: PasswordIslandFrame | null | undefined;
}): VNode | null {
  const { locale } = useMessages();
  const dataHref = props.island?.hrefs[locale];
  if (props.islandSrc === null || props.island == null || dataHref === undefined) return null;
  const { policy, requirements, ...rest } = props.passwordFields;
  // The page's language travels with the props, so ticking in the browser speaks as the server did.
  // The policy and list are left to the asset when they are its own (the usual case), and sent when
  // this page's differ (a first password's list): the island always ticks what the page shows.
  const data: IslandProps = {
    ...rest,
    ...(JSON.stringify(policy) === props.island.policyJson ? {} : { policy }),
    ...(JSON.stringify(requirements) === props.island.requirementsJson ? {} : { requirements }),
    language: { locale, dataHref },
  };
  return (
    <>
      <JsonDataBlock id={ISLAND_PROPS_ID} data={data} />
      {/* Fetched now, beside the module, rather than after it runs: one round trip, not two. The
          island's fetch() is same-origin CORS with credentials, which crossorigin="anonymous" matches. */}
      <link rel="preload" href={dataHref} as="fetch" crossorigin="anonymous" />
      <script type="module" src={props.islandSrc} />
    </>
  );
}
