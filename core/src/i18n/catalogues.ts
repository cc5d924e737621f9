import type { Catalogue } from './create-messages.js';
import { ENGLISH } from './english.js';
import type { Language } from './languages.js';
import ar from './messages/ar.json' with { type: 'json' };
import de from './messages/de.json' with { type: 'json' };
import es from './messages/es.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import it from './messages/it.json' with { type: 'json' };
import ja from './messages/ja.json' with { type: 'json' };
import nl from './messages/nl.json' with { type: 'json' };
import pl from './messages/pl.json' with { type: 'json' };
import pt from './messages/pt.json' with { type: 'json' };

/**
 * Every shipped catalogue, one JSON file per language (core/src/i18n/messages/*.json). Server
 * side only: the browser island receives just the keys it shows, for the page's language.
 */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = {
  en: ENGLISH,
  de,
  fr,
  es,
  it,
  nl,
  pt,
  pl,
  ja,
  ar,
};
