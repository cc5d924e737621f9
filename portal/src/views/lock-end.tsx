/** @jsxRuntime automatic @jsxImportSource preact */
import type { MessageKey } from '@passgate/core/i18n/browser';
import type { VNode } from 'preact';
import type { LockEnd } from '../accounts/account-service.js';
import { useMessages } from './page-language.js';

/** Stands for the <time> element inside a message, so each language places it where its grammar wants. */
const TIME = '\u0000';

/**
 * A message with `{minutes}` left and `{time}` the lock ends, the time as a <time datetime> element. The
 * end is written in UTC (the server does not know the reader's time zone) beside the minutes left, which
 * hold in any zone; `datetime` carries the exact instant for the browser and assistive technology.
 */
export function LockEndText(props: { messageKey: MessageKey; lock: LockEnd }): VNode {
  const messages = useMessages();
  const when = new Date(props.lock.until);
  const shown = messages.formatDate(when, {
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  const [before = '', after = ''] = messages
    .t(props.messageKey, { minutes: props.lock.minutesLeft, time: TIME })
    .split(TIME);
  return (
    <>
      {before}
      <time datetime={when.toISOString()}>{shown}</time>
      {after}
    </>
  );
}
