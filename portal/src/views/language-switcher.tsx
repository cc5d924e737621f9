/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { usePageLanguage } from './page-language.js';

/**
 * The language picker in every page's header: a plain GET form (no script needed) to /language,
 * which remembers the choice in a cookie and comes back to this page.
 */
export function LanguageSwitcher(): VNode | null {
  const { messages, switcher } = usePageLanguage();
  if (switcher === null) return null;
  return (
    <form class="language-switcher" method="get" action="/language">
      <input type="hidden" name="back" value={switcher.back} />
      <label class="language-switcher__label" for="language-switcher">
        {messages.t('language.label')}
      </label>
      <select class="language-switcher__select" id="language-switcher" name="lang">
        {switcher.languages.map((language) => (
          <option
            key={language.code}
            value={language.code}
            lang={language.code}
            selected={language.code === messages.locale}
          >
            {language.name}
          </option>
        ))}
      </select>
      <button type="submit" class="button button--secondary language-switcher__button">
        {messages.t('language.button')}
      </button>
    </form>
  );
}
