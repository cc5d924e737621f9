/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';

/**
 * Data for a browser island, in a `<script type="application/json">` block: the CSP lets it exist
 * but no browser executes it. `<` is escaped so nothing in the data can close the element early.
 */
export function JsonDataBlock({ id, data }: { id: string; data: unknown }): VNode {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return <script type="application/json" id={id} dangerouslySetInnerHTML={{ __html: json }} />;
}
