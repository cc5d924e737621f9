/** @jsxRuntime automatic @jsxImportSource preact */
import { createMessages } from '@passgate/core/i18n/browser';
import { hydrate } from 'preact';
import { PageLanguageContext } from '../views/page-language.js';
import { PasswordFields } from '../views/password-fields.js';
import {
  ISLAND_PROPS_ID,
  ISLAND_ROOT_ID,
  type IslandLanguage,
  type PasswordFieldsProps,
} from '../views/password-fields-props.js';

/**
 * The browser half of the change form: hydrates the server-rendered password fields so they tick
 * requirements live and get show/hide buttons. The page works fully without it.
 */
function start(): void {
  const root = document.getElementById(ISLAND_ROOT_ID);
  const data = document.getElementById(ISLAND_PROPS_ID);
  if (root === null || data === null || data.textContent === null) return;
  const { language, ...props } = JSON.parse(data.textContent) as PasswordFieldsProps & {
    language: IslandLanguage;
  };
  const messages = createMessages(language.locale, language.catalogue);
  hydrate(
    <PageLanguageContext.Provider value={{ messages, switcher: null }}>
      <PasswordFields {...props} />
    </PageLanguageContext.Provider>,
    root,
  );
}

start();
