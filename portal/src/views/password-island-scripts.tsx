/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { JsonDataBlock } from './json-data-block.js';
import { ISLAND_PROPS_ID, type PasswordFieldsProps } from './password-fields-props.js';

/**
 * The password-fields island of a page: its props as inert JSON and its module script. Nothing
 * when the island was not built: the form still works, the server judges it.
 */
export function PasswordIslandScripts(props: {
  passwordFields: PasswordFieldsProps;
  islandSrc: string | null;
}): VNode | null {
  if (props.islandSrc === null) return null;
  return (
    <>
      <JsonDataBlock id={ISLAND_PROPS_ID} data={props.passwordFields} />
      <script type="module" src={props.islandSrc} />
    </>
  );
}
