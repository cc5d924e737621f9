/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';

const WHAT: Record<'change' | 'reset', string> = {
  change: "Your organisation does not use Microsoft's own password page: change your password below instead.",
  reset: "Your organisation does not use Microsoft's own reset page: reset your password below instead.",
};

/** Says which Microsoft page sent the user here. `from` is displayed (escaped by Preact), never linked or followed. */
export function CameFrom({ from, kind }: { from: string; kind: 'change' | 'reset' }): VNode {
  return (
    <div class="came-from">
      <p>
        You came here from <strong>{new URL(from).host}</strong>. {WHAT[kind]}
      </p>
      <p class="came-from__url">
        <span class="visually-hidden">Full address: </span>
        {from}
      </p>
    </div>
  );
}
