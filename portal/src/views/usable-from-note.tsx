/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

/**
 * Under a method registered on the password alone, while its cooling-off lasts: from when a reset can
 * use it (recovery.newMethodCoolingOffHours). English for now: the catalogue gets it with the next
 * translation round.
 */
export function UsableFromNote(props: { usableFrom: Date | null }): VNode | null {
  const messages = useMessages();
  if (props.usableFrom === null) return null;
  const when = messages.formatDate(props.usableFrom, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return (
    <p class="method__meta">
      {`Added without proving another way in: it can be used to reset your password from ${when} (UTC).`}
    </p>
  );
}
