/** @jsxRuntime automatic @jsxImportSource preact */
import { preparsedMessages } from '@passgate/core/i18n/browser';
import { hydrate } from 'preact';
import { PageLanguageContext } from '../views/page-language.js';
import { PasswordFields } from '../views/password-fields.js';
import {
  ISLAND_PROPS_ID,
  ISLAND_ROOT_ID,
  type IslandData,
  type IslandProps,
} from '../views/password-fields-props.js';

/**
 * The browser half of the change form: hydrates the server-rendered password fields so they tick
 * requirements live and get show/hide buttons. The page works fully without it.
 */
async function start(): Promise<void> {
  const root = document.getElementById(ISLAND_ROOT_ID);
  const props = document.getElementById(ISLAND_PROPS_ID);
  if (root === null || props === null || props.textContent === null) return;
  const { language, policy, requirements, ...rest } = JSON.parse(props.textContent) as IslandProps;
  // What is the same for everyone in a language (wording, policy, requirement list) is a cached asset
  // the page preloads, not page bytes. Without it the island stays out of the way and the form works
  // as it does without script.
  const data = await fetch(language.dataHref)
    .then((response) => (response.ok ? (response.json() as Promise<IslandData>) : null))
    .catch(() => null);
  if (data === null) return;
  const messages = preparsedMessages(language.locale, data.messages);
  hydrate(
    <PageLanguageContext.Provider value={{ messages, switcher: null }}>
      <PasswordFields
        {...rest}
        policy={policy ?? data.policy}
        requirements={requirements ?? data.requirements}
      />
    </PageLanguageContext.Provider>,
    root,
  );
}

void start();
