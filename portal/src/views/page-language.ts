import { type Messages, preparsedMessages } from '@passgate/core/i18n/browser';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** What a page knows of its reader's language: the wording, and what the switcher offers. */
export interface PageLanguage {
  messages: Messages;
  /** The switcher's choices (code → name in itself) and the path it returns to; null: no switcher. */
  switcher: { languages: readonly { code: string; name: string }[]; back: string } | null;
}

// Only a view rendered outside renderPage (and the island) ever sees this: keys show the gap. Not
// createMessages: this module is in the island's bundle, which leaves FormatJS's runtime out.
const NO_LANGUAGE: PageLanguage = { messages: preparsedMessages('en', {}), switcher: null };

/** Set by renderPage on the server and by the island in the browser. */
export const PageLanguageContext = createContext<PageLanguage>(NO_LANGUAGE);

/** The reader's wording, for any view: `const { t } = useMessages();`. */
export function useMessages(): Messages {
  return useContext(PageLanguageContext).messages;
}

export function usePageLanguage(): PageLanguage {
  return useContext(PageLanguageContext);
}
