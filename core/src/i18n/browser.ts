/**
 * The browser-safe part of i18n: no catalogue is bundled with it (the page hands the island the
 * keys it needs, pre-parsed) and no ICU parser; preparsedMessages formats without FormatJS's runtime.
 */

/** A pre-parsed ICU message, as the browser island receives the ones it shows. */
export type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
export {
  type Catalogue,
  createMessages,
  type MessageKey,
  type MessageRef,
  type Messages,
  type MessageValues,
} from './create-messages.js';
export { ENGLISH } from './english.js';
export { type Language, textDirection } from './languages.js';
export { preparsedMessages } from './preparsed-messages.js';
