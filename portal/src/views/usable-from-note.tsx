/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

/**
 * Under a method registered on the password alone, while its cooling-off lasts: from when a reset can
 * use it (recovery.newMethodCoolingOffHours), in the reader's language and written their way, in UTC as
 * the audit log (the page says so: the server does not know the reader's time zone).
 */
export function UsableFromNote(props: { usableFrom: Date | null }): VNode | null {
  const messages = useMessages();
  if (props.usableFrom === null) return null;
  const when = messages.formatDate(props.usableFrom, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return <p class="method__meta">{messages.t('method.usableFrom', { when })}</p>;
}
