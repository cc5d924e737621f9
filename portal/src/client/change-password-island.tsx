/** @jsxRuntime automatic @jsxImportSource preact */
import { createMessages } from '@passgate/core/i18n/browser';
import { hydrate } from 'preact';
import { PageLanguageContext } from '../views/page-language.js';
import { PasswordFields } from '../views/password-fields.js';
import {
  ISLAND_PROPS_ID,
  ISLAND_ROOT_ID,
  type IslandCatalogue,
  type IslandLanguage,
  type PasswordFieldsProps,
} from '../views/password-fields-props.js';

/**
 * The browser half of the change form: hydrates the server-rendered password fields so they tick
 * requirements live and get show/hide buttons. The page works fully without it.
 */
async function start(): Promise<void> {
  const root = document.getElementById(ISLAND_ROOT_ID);
  const data = document.getElementById(ISLAND_PROPS_ID);
  if (root === null || data === null || data.textContent === null) return;
  const { language, ...props } = JSON.parse(data.textContent) as PasswordFieldsProps & {
    language: IslandLanguage;
  };
  // The wording is the same for everyone in a language: a cached asset the page preloads, not page
  // bytes. Without it the island stays out of the way and the form works as it does without script.
  const catalogue = await fetch(language.messagesHref)
    .then((response) => (response.ok ? (response.json() as Promise<IslandCatalogue>) : null))
    .catch(() => null);
  if (catalogue === null) return;
  const messages = createMessages(language.locale, catalogue);
  hydrate(
    <PageLanguageContext.Provider value={{ messages, switcher: null }}>
      <PasswordFields {...props} />
    </PageLanguageContext.Provider>,
    root,
  );
}

void start();
