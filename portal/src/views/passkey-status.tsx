/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';
import { PASSKEY_SAY } from './passkey-props.js';

/**
 * The live status line of a passkey form: empty until the island speaks, carrying what it may say
 * (busy, cancelled, already registered, failed) in the page's language.
 */
export function PasskeyStatus(): VNode {
  const { t } = useMessages();
  const words = {
    [PASSKEY_SAY.busy]: t('passkey.busy'),
    [PASSKEY_SAY.cancelled]: t('passkey.cancelled'),
    [PASSKEY_SAY.registered]: t('passkey.alreadyRegistered'),
    [PASSKEY_SAY.failed]: t('passkey.failed'),
  };
  return <p class="passkey__status" data-passkey-status aria-live="polite" {...words} />;
}
