import { type MessageFormatElement, parse } from '@formatjs/icu-messageformat-parser';
import type { MessageKey, Messages } from './create-messages.js';

/**
 * Some messages as ICU syntax trees, for the browser island: parsed here once per page so the
 * island's bundle leaves the parser out (FormatJS's documented `no-parser` build).
 */
export function preparseMessages(
  messages: Messages,
  keys: readonly MessageKey[],
): Record<string, MessageFormatElement[]> {
  return Object.fromEntries(keys.map((key) => [key, parse(messages.source(key), { ignoreTag: true })]));
}
