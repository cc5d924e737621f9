export { CATALOGUES } from './catalogues.js';
export { checkMessageOverrides, type OverrideProblem } from './check-overrides.js';
export { chooseLanguage } from './choose-language.js';
export {
  type Catalogue,
  createMessages,
  type MessageKey,
  type MessageRef,
  type Messages,
  type MessageValues,
} from './create-messages.js';
export { ENGLISH } from './english.js';
export { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language, textDirection } from './languages.js';
export { messagePlaceholders } from './message-placeholders.js';
export { preparseMessages } from './preparse.js';
