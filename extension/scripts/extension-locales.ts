import { CATALOGUES, ENGLISH, LANGUAGES, type MessageKey } from '@passgate/core/i18n';
import { LOCALE_FOLDERS } from '../src/lib/locale-folders.js';
import {
  chromeMessageName,
  type MessageKey as ExtensionKey,
  LANGUAGE_MESSAGE,
} from '../src/lib/message-key.js';

/** One entry of a `_locales/<folder>/messages.json` (https://developer.chrome.com/docs/extensions/how-to/ui/localization-message-formats). */
interface ChromeMessage {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string }>;
}

/** For translators reading the English file; the other languages carry none. */
const DESCRIPTIONS: Partial<Record<ExtensionKey, string>> = {
  'extension.extensionDescription': "The extension's description in the browser's extension list.",
  'extension.popupActive': "Followed by the portal's address.",
  'extension.yourOrganisation': 'Stands for the organisation when policy names none.',
  'extension.lastRedirect': 'Followed by the address of the Microsoft page.',
  'extension.optionsNotSaved': 'Shown beside Save when a field is refused; each field says what is wrong.',
  'extension.noticeWhoDefault':
    'Stands for the organisation at the start of a sentence when policy names none.',
};

/** Where the files go; the build copies public/ into the extension as is. */
export const LOCALES_DIR = new URL('../public/_locales/', import.meta.url);

const EXTENSION_KEYS = (Object.keys(ENGLISH) as MessageKey[]).filter((key): key is ExtensionKey =>
  key.startsWith('extension.'),
);

/** The `{name}` arguments of a message, in the order they first appear. */
function argumentsOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ''))];
}

/**
 * One catalogue message in chrome.i18n's form: `{org}` becomes `$ORG$`, a named placeholder whose
 * content is the substitution at the position the code passes it (its place in the English text),
 * and a literal `$` is doubled. Only plain arguments translate: chrome.i18n has no plurals or
 * selects, so anything else in an `extension.*` message is refused here rather than shown raw.
 */
function chromeMessage(key: ExtensionKey, text: string, withDescription: boolean): ChromeMessage {
  const withoutArguments = text.replaceAll(/\{\w+\}/g, '');
  if (/[{}]|''/.test(withoutArguments))
    throw new Error(
      `${key}: an extension message may use only plain {name} arguments (chrome.i18n has no ICU)`,
    );
  const order = argumentsOf(ENGLISH[key]);
  const message = text
    .replaceAll('$', '$$$$')
    .replaceAll(/\{(\w+)\}/g, (_, name: string) => `$${name.toUpperCase()}$`);
  const entry: ChromeMessage = { message };
  const description = DESCRIPTIONS[key];
  if (withDescription && description !== undefined) entry.description = description;
  if (order.length > 0)
    entry.placeholders = Object.fromEntries(
      order.map((name, index) => [name.toLowerCase(), { content: `$${index + 1}` }]),
    );
  return entry;
}

/** Every `_locales` file's exact text, by folder: generated from core's catalogues, the one source. */
export function extensionLocaleFiles(): Record<string, string> {
  return Object.fromEntries(
    LANGUAGES.map((language) => {
      const catalogue = CATALOGUES[language];
      const messages: Record<string, ChromeMessage> = Object.fromEntries(
        EXTENSION_KEYS.map((key) => [
          chromeMessageName(key),
          chromeMessage(key, catalogue[key], language === 'en'),
        ]),
      );
      const folder = LOCALE_FOLDERS[language];
      messages[LANGUAGE_MESSAGE] = {
        message: folder.replace('_', '-'),
        ...(language === 'en'
          ? { description: "This file's language (BCP 47) for lang and dir; generated, never translated." }
          : {}),
      };
      return [folder, `${JSON.stringify(messages, null, 2)}\n`];
    }),
  );
}
