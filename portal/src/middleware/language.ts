import { chooseLanguage, LANGUAGES, type Language, type Messages } from '@passgate/core/i18n';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { buildMessages, withMessages } from '../http/request-messages.js';

/** The cookie that remembers the language a person picked in the switcher. */
export const LANGUAGE_COOKIE = 'pg_lang';

declare module 'hono' {
  interface ContextVariableMap {
    /** The wording of this response, in the language chosen for the person (middleware/language.ts). */
    messages: Messages;
    language: Language;
  }
}

export interface LanguageOptions {
  defaultLanguage: Language;
  overrides: Readonly<Partial<Record<string, Readonly<Record<string, string>>>>>;
}

/**
 * Chooses each request's language (the switcher's cookie, else Accept-Language, else the configured
 * default) and answers the request inside it. Pages vary by both, so caches are told so.
 */
export function language(options: LanguageOptions): MiddlewareHandler {
  const all = buildMessages(options.overrides);
  if (!LANGUAGES.includes(options.defaultLanguage)) {
    throw new Error(`defaultLanguage: expected one of ${LANGUAGES.join(', ')}`);
  }
  return async function chooseRequestLanguage(c, next) {
    const chosen = chooseLanguage(
      { cookie: getCookie(c, LANGUAGE_COOKIE), acceptLanguage: c.req.header('Accept-Language') },
      options.defaultLanguage,
    );
    c.set('language', chosen);
    c.set('messages', all[chosen]);
    await withMessages(all[chosen], () => next());
    c.header('Content-Language', chosen);
    c.header('Vary', 'Accept-Language, Cookie', { append: true });
  };
}
